package dev.jstencil.parallel;

import java.util.Arrays;
import java.util.Locale;
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
        return name().toLowerCase(Locale.ROOT);
    }

    public static BarrierKind parse(String s) {
        for (BarrierKind b : values()) {
            if (b.cliName().equalsIgnoreCase(s)) {
                return b;
            }
        }
        throw new IllegalArgumentException("barrier '" + s + "' is not one of "
                + Arrays.stream(values()).map(BarrierKind::cliName).toList());
    }
}
