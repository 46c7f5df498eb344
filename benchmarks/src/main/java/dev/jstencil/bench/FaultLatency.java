package dev.jstencil.bench;

import dev.jstencil.parallel.BandTask;
import dev.jstencil.parallel.BarrierKind;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.parallel.RunControl;
import dev.jstencil.parallel.StepEngine;
import dev.jstencil.parallel.StepFailedException;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How long a failure takes to reach the caller: a band throws at a chosen step while the other
 * bands keep working (each step spins for {@code stepMicros} to stand in for a kernel), and we time
 * from the throw to the moment {@link StepEngine#run} has joined every worker and thrown. Prints the
 * median and max over many trials per mode, barrier and thread count.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.jstencil.bench.FaultLatency [trials] [stepMicros]</pre>
 */
public final class FaultLatency {
    private FaultLatency() {
    }

    public static void main(String[] args) {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        long stepNanos = (args.length > 1 ? Long.parseLong(args[1]) : 50) * 1000;
        System.out.printf(Locale.ROOT, "fault -> caller's exception, %d trials each, %d µs per band-step%n", trials, stepNanos / 1000);
        System.out.println("| mode | barrier | threads | median µs | max µs |");
        System.out.println("|---|---|---|---|---|");
        for (ParallelMode mode : ParallelMode.values()) {
            for (BarrierKind barrier : mode.usesBarrier() ? BarrierKind.values() : new BarrierKind[] {BarrierKind.JDK}) {
                for (int threads : new int[] {2, 4}) {
                    double[] us = measure(mode, barrier, threads, trials, stepNanos);
                    Arrays.sort(us);
                    System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f |%n", mode.cliName(),
                            mode.usesBarrier() ? barrier.cliName() : "-", threads, us[us.length / 2], us[us.length - 1]);
                }
            }
        }
    }

    private static double[] measure(ParallelMode mode, BarrierKind barrier, int threads, int trials, long stepNanos) {
        StepEngine engine = new StepEngine(mode, threads, barrier);
        int rows = 64;
        int lastBand = engine.bands(rows).size() - 1;
        double[] out = new double[trials + trials / 10];
        for (int t = 0; t < out.length; t++) {
            AtomicLong thrownAt = new AtomicLong();
            final int failBand = t % 2 == 0 ? 0 : lastBand;
            BandTask task = (step, band) -> {
                long until = System.nanoTime() + stepNanos;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait(); // stand-in for a kernel of known duration
                }
                if (step == 20 && band.index() == failBand) {
                    thrownAt.set(System.nanoTime());
                    throw new IllegalStateException("injected");
                }
            };
            try {
                engine.run(rows, 1_000, task, new RunControl());
                throw new AssertionError("the injected fault did not surface");
            } catch (StepFailedException e) {
                out[t] = (System.nanoTime() - thrownAt.get()) / 1e3;
            }
        }
        return Arrays.copyOfRange(out, trials / 10, out.length); // first tenth: warm-up
    }
}
