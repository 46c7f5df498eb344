package dev.jstencil.sweep;

import java.io.PrintStream;
import java.util.Locale;

/** The progress line on stderr: runs done of all, failures, runs per second of this session, time left. */
public final class SweepProgress implements AutoCloseable {
    private final PrintStream out;
    private final int total;
    private final int resumed;
    private final long t0 = System.nanoTime();
    private int done;
    private int failed;
    private boolean drawn;

    public SweepProgress(PrintStream out, int total, int resumed) {
        this.out = out;
        this.total = total;
        this.resumed = resumed;
    }

    /** Called by the collector thread for each result. */
    public void update(SweepResult r) {
        done++;
        failed += r.status() == SweepResult.Status.FAILED ? 1 : 0;
        double s = (System.nanoTime() - t0) / 1e9, rate = done / s;
        long eta = Math.round((total - resumed - done) / rate);
        out.printf(Locale.ROOT, "\rsweep: %d/%d runs%s, %d failed, %.2f runs/s, eta %dm%02ds   ", resumed + done, total,
                resumed > 0 ? " (" + resumed + " resumed)" : "", failed, rate, eta / 60, eta % 60);
        out.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
        }
    }
}
