package dev.jstencil.parallel;

import java.util.concurrent.Phaser;
import java.util.function.BooleanSupplier;

/**
 * The JDK's {@link Phaser} as a step barrier. A Phaser (unlike CyclicBarrier after reset) can be
 * terminated for good, so a worker arriving after the failure of another cannot be caught waiting.
 */
final class PhaserStepBarrier implements StepBarrier {
    private final int parties;
    private final Phaser phaser;
    private volatile boolean proceed;

    PhaserStepBarrier(int parties, BooleanSupplier onTrip) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties = " + parties + " must be >= 1");
        }
        this.parties = parties;
        this.phaser = new Phaser(parties) {
            @Override
            protected boolean onAdvance(int phase, int registeredParties) {
                proceed = onTrip.getAsBoolean(); // last arriver, before anyone is released
                return false;
            }
        };
    }

    @Override
    public boolean await(int party) {
        return phaser.arriveAndAwaitAdvance() >= 0 && proceed;
    }

    @Override
    public void breakBarrier() {
        phaser.forceTermination();
    }

    @Override
    public boolean isBroken() {
        return phaser.isTerminated();
    }

    @Override
    public int parties() {
        return parties;
    }
}
