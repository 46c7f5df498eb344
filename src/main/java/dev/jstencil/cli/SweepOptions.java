package dev.jstencil.cli;

import dev.jstencil.sim.Simulation;
import dev.jstencil.sim.TemporalBlocking;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --temporal-blocking} and {@code --flush-subnormals}: how a simulation sweeps, shared by the commands that run one. */
final class SweepOptions {
    @Option(names = "--temporal-blocking", paramLabel = "auto|on|off|K", defaultValue = "auto",
            description = "Several time steps per sweep over memory (models of radius 1, 2D and 3D; same results, less memory "
                    + "traffic): on takes 8 (3D: 4), K takes K (2..64); auto measures which depth is fastest during the run's first "
                    + "steps of a long run when the fields exceed the last-level cache (counted as at most 32 MiB; JSON: depth_tuning), else takes one step "
                    + "per sweep. Default: ${DEFAULT-VALUE}.")
    String temporalBlocking;

    @Option(names = "--flush-subnormals", paramLabel = "on|off", defaultValue = "off",
            description = "on: store results below the smallest normal number as 0 (subnormals are several times slower on x86; "
                    + "the same in every backend); off: strict IEEE. Default: ${DEFAULT-VALUE}.")
    String flushSubnormals;

    /** Both options on a builder; an IllegalArgumentException names a bad value and what is allowed. */
    void apply(Simulation.Builder b) {
        b.flushSubnormals(switch (flushSubnormals.trim().toLowerCase(Locale.ROOT)) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("--flush-subnormals '" + flushSubnormals + "' is not one of [on, off]");
        });
        String v = temporalBlocking.trim();
        if (v.matches("\\d{1,9}")) { // K steps per sweep; 1 is off
            int k = Integer.parseInt(v);
            if (k < 1 || k > 64) {
                throw new IllegalArgumentException("--temporal-blocking " + k + " is not allowed: use auto, on, off or a step count 2..64");
            }
            b.temporalBlocking(k == 1 ? TemporalBlocking.OFF : TemporalBlocking.ON);
            if (k > 1) {
                b.stepsPerSweep(k);
            }
            return;
        }
        try {
            b.temporalBlocking(TemporalBlocking.parse(v));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (or a step count 2..64)", e);
        }
    }
}
