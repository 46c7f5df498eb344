package dev.jstencil.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs each job in a child JVM ({@code --isolate process}): whatever the job does to its process (a crash
 * in native code, running out of memory, {@code Runtime.halt}) fails that job alone. The child writes its
 * result into a scratch directory that this side reads back; a child that ends without one is a failed run
 * with its exit code and the last line it printed. On cancel the child is terminated.
 */
public final class ChildProcessExecutor implements JobExecutor {
    /** The command line of a child JVM that runs job {@code index} and writes its result into {@code resultDir}. */
    @FunctionalInterface
    public interface Command {
        List<String> of(int index, Path resultDir);
    }

    private static final long SIGNAL_GRACE_MS = 2000;
    private final Command command;
    private final Path scratch;

    /** @param scratch where each child's directory is made (and removed after) */
    public ChildProcessExecutor(Command command, Path scratch) {
        this.command = command;
        this.scratch = scratch;
    }

    @Override
    public SweepResult execute(SweepJob job, Cancellation cancellation) {
        long t0 = System.nanoTime();
        Path dir = null;
        try {
            dir = Files.createTempDirectory(Files.createDirectories(scratch), "job-" + job.index() + "-");
            Path log = dir.resolve("output.txt");
            Process p = new ProcessBuilder(command.of(job.index(), dir)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            int code;
            try (Cancellation.Registration ignored = cancellation.register(p::destroy)) {
                code = waitFor(p);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (Files.exists(ResultStore.recordFile(dir, job.index()))) {
                return ResultStore.read(dir, job.index());
            }
            if (cancelledMeanwhile(code, cancellation)) {
                return SweepResult.cancelled(job, 0, seconds);
            }
            return SweepResult.failed(job, 0, seconds, "its JVM exited with code " + code + " before reporting a result" + lastLine(log));
        } catch (IOException | RuntimeException e) {
            return SweepResult.failed(job, 0, (System.nanoTime() - t0) / 1e9, "starting its JVM: " + JobRunner.describe(e));
        } finally {
            delete(dir);
        }
    }

    /**
     * Whether the child ended because the sweep is being cancelled. Ctrl-C in a terminal signals the children
     * too, and one may end before this JVM's shutdown hook has cancelled the sweep: a child killed by SIGINT or
     * SIGTERM waits up to {@link #SIGNAL_GRACE_MS} for that, so that it is listed as cancelled (and run again on
     * resume), not recorded as failed.
     */
    private static boolean cancelledMeanwhile(int code, Cancellation cancellation) {
        if (code == 128 + 2 || code == 128 + 15) {
            long end = System.nanoTime() + SIGNAL_GRACE_MS * 1_000_000;
            while (!cancellation.requested() && System.nanoTime() < end) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        return cancellation.requested();
    }

    private static int waitFor(Process p) {
        while (true) {
            try {
                return p.waitFor();
            } catch (InterruptedException e) {
                // the pool ends a worker by its queue, not by interrupts: keep waiting for the child
            }
        }
    }

    private static String lastLine(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("WARNING: Using incubator modules")).toList();
        return lines.isEmpty() ? "" : " (last output: " + lines.getLast().strip() + ")";
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // scratch left behind: harmless, and a resumed sweep does not read it
        }
    }
}
