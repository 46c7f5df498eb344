package dev.jstencil.parallel;

import dev.jstencil.util.CliNames;
import java.util.function.BooleanSupplier;

/** Which step barrier a persistent team uses. */
public enum BarrierKind {
    /** {@link java.util.concurrent.Phaser}: the JDK's own (spins briefly, then parks). */
    JDK,
    /** {@link SpinParkBarrier}: ours, spin-then-park on a generation counter. */
    SPIN;

    public StepBarrier create(int parties, BooleanSupplier onTrip) {
        return switch (this) {
            case JDK -> new PhaserStepBarrier(parties, onTrip);
            case SPIN -> new SpinParkBarrier(parties, onTrip);
        };
    }

    public String cliName() {
        return CliNames.of(this);
    }

    public static BarrierKind parse(String s) {
        return CliNames.parse(values(), "barrier", s);
    }
}
