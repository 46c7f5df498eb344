package dev.jstencil.sweep;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ctrl-C for a whole sweep: once {@link #cancel()} is called no job starts, and every running job's
 * registered action (cancel its simulation at the next step boundary, or stop its child process) runs.
 */
public final class Cancellation {
    /** Undoes a {@link #register}. */
    public interface Registration extends AutoCloseable {
        @Override
        void close();
    }

    private volatile boolean requested;
    private final Set<Runnable> actions = ConcurrentHashMap.newKeySet();

    public void cancel() {
        requested = true;
        actions.forEach(Runnable::run);
    }

    public boolean requested() {
        return requested;
    }

    /** Runs {@code action} on cancel, or at once if the sweep is already cancelled (no race with a late start). */
    public Registration register(Runnable action) {
        actions.add(action);
        if (requested) {
            action.run();
        }
        return () -> actions.remove(action);
    }
}
