package dev.jstencil.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/** A progress line on stderr, redrawn a few times a second while a long run goes on. */
final class Progress implements AutoCloseable {
    private static final long PERIOD_MS = 250;
    private final Thread thread;
    private final PrintStream out;
    private volatile boolean done;
    private volatile boolean drawn;

    Progress(PrintStream out, String label, long total, long cellsPerStep, LongSupplier completed) {
        this(out, label, total, cellsPerStep, completed, () -> "");
    }

    /** With {@code activity} (output and checkpoint work, e.g. "checkpoint 12 written, 3 snapshots queued") after the rate. */
    Progress(PrintStream out, String label, long total, long cellsPerStep, LongSupplier completed, Supplier<String> activity) {
        this.out = out;
        long t0 = System.nanoTime();
        this.thread = Thread.ofPlatform().daemon().name("jstencil-progress").start(() -> {
            while (!done) {
                try {
                    Thread.sleep(PERIOD_MS);
                } catch (InterruptedException e) {
                    return;
                }
                if (done) {
                    return;
                }
                long n = completed.getAsLong();
                double s = (System.nanoTime() - t0) / 1e9;
                double rate = n / s;
                String eta = rate > 0 ? String.format(Locale.ROOT, "%.1fs", (total - n) / rate) : "?";
                String doing = activity.get();
                out.printf(Locale.ROOT, "\r%s: step %d/%d (%.0f%%), %.0f MLUP/s, eta %s%s   ", label, n, total,
                        100.0 * n / Math.max(1, total), cellsPerStep * rate / 1e6, eta, doing.isEmpty() ? "" : "; " + doing);
                out.flush();
                drawn = true;
            }
        });
    }

    /** True when stderr is an interactive terminal (progress would only clutter a log). */
    static boolean interactive() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void close() {
        done = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
