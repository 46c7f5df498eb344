package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.sim.Simulation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The progress line: steps, rate and time left, and what outputs and checkpoints are doing. */
class ProgressTest {
    private static String drawn(Supplier<String> activity) throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Progress ignored = new Progress(out, "heat", 100, 1000, () -> 40, activity)) {
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (!bytes.toString(StandardCharsets.UTF_8).contains("eta")) {
                assertTrue(System.nanoTime() < deadline, "no progress line in 20 s");
                Thread.sleep(10);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theLineShowsOutputAndCheckpointActivity() throws InterruptedException {
        String line = drawn(() -> "checkpoint 2 written (ckpt-000000000040.jsck), 3 snapshots written, 1 queued");
        assertTrue(line.contains("heat: step 40/100 (40%)"), line);
        assertTrue(line.contains("; checkpoint 2 written (ckpt-000000000040.jsck), 3 snapshots written, 1 queued"), line);
        assertTrue(line.endsWith("\r\033[K"), "the line is erased when the run ends");
    }

    @Test
    void withoutActivityTheLineEndsAtTheTimeLeft() throws InterruptedException {
        String line = drawn(() -> "");
        assertTrue(line.contains("heat: step 40/100 (40%)"), line);
        assertFalse(line.contains("; "), line);
    }

    private record Stub(String status) implements SimulationRunner.Periodic {
        public long every() {
            return 1;
        }

        public void at(Simulation sim) {
        }
    }

    @Test
    void theActivityIsEveryPeriodicActionsStatusInOrder() {
        assertEquals("checkpoint 1 written (c), 2 snapshots written, 0 queued",
                SimulationRunner.status(List.of(new Stub("checkpoint 1 written (c)"), new Stub(null), new Stub("2 snapshots written, 0 queued"))));
        assertEquals("", SimulationRunner.status(List.of()));
    }
}
