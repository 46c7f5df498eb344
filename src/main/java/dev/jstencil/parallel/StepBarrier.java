package dev.jstencil.parallel;

/**
 * A reusable barrier for a fixed team that also makes the team's one decision per step: when the
 * last party arrives, it runs the trip action (which says whether to go on) before releasing the
 * others, so every worker sees the same answer and no worker can run one step more than another.
 *
 * <p>{@link #breakBarrier()} releases every waiting party and makes every later {@link #await}
 * return false at once: a worker that fails calls it, so nobody waits for it forever.
 */
public interface StepBarrier {
    /**
     * Waits for all parties. Returns the trip action's answer (true: go on), or false if the barrier
     * is broken. {@code party} is the caller's index in [0, parties).
     */
    boolean await(int party);

    /** Releases everyone now and for good. Idempotent, callable from any thread. */
    void breakBarrier();

    boolean isBroken();

    int parties();
}
