package dev.jstencil.parallel;

import java.util.List;

/** Threads the engine started that are still alive (the engine names them all with its prefix). */
final class TeamThreads {
    private TeamThreads() {
    }

    static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(StepEngine.THREAD_PREFIX) && !n.equals("jstencil-progress"))
                .toList();
    }
}
