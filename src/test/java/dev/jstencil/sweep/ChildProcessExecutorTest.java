package dev.jstencil.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How a child's end becomes a result, with shell commands standing in for child JVMs. */
@Timeout(60)
class ChildProcessExecutorTest {
    private static final SweepJob JOB = new SweepJob(7, new double[] {0.5});

    @Test
    void aChildThatEndsWithoutAResultFailsWithItsExitCodeAndLastLine(@TempDir Path dir) throws Exception {
        var exec = new ChildProcessExecutor((i, d) -> List.of("sh", "-c", "echo 'segfault in native code' >&2; exit 3"), dir);
        SweepResult r = exec.execute(JOB, new Cancellation());
        assertEquals(SweepResult.Status.FAILED, r.status());
        assertEquals(7, r.index());
        assertTrue(r.cause().contains("exited with code 3") && r.cause().contains("segfault in native code"), r.cause());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(0, left.count(), "the child's scratch directory is removed");
        }
    }

    /** Ctrl-C in a terminal reaches the child too, maybe before this JVM cancels: still a cancelled run, not a failed one. */
    @Test
    void aChildEndedBySigintWhileTheSweepIsCancelledIsCancelled(@TempDir Path dir) throws Exception {
        var exec = new ChildProcessExecutor((i, d) -> List.of("sh", "-c", "kill -INT $$"), dir);
        Cancellation c = new Cancellation();
        Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            c.cancel();
        });
        assertEquals(SweepResult.Status.CANCELLED, exec.execute(JOB, c).status());
        SweepResult alone = exec.execute(JOB, new Cancellation()); // nobody cancels: the signal came from elsewhere
        assertEquals(SweepResult.Status.FAILED, alone.status());
        assertTrue(alone.cause().contains("code 130"), alone.cause());
    }

    @Test
    void aChildsRecordIsItsResult(@TempDir Path dir) throws Exception {
        SweepResult done = new SweepResult(7, JOB.values(), SweepResult.Status.OK, 10, 0.25, List.of(new FieldStats("v", 1, 0, 2)), "spots",
                "", new Tile(2, 1, new double[] {0, 2}));
        var exec = new ChildProcessExecutor((i, d) -> {
            try {
                ResultStore.write(d, done); // what the child JVM would write
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return List.of("true");
        }, dir);
        SweepResult r = exec.execute(JOB, new Cancellation());
        assertEquals(SweepResult.Status.OK, r.status());
        assertEquals("spots", r.pattern());
        assertEquals(List.of(new FieldStats("v", 1, 0, 2)), r.stats());
        assertEquals(2.0, r.tile().at(1, 0));
    }
}
