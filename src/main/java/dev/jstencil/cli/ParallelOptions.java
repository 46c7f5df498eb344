package dev.jstencil.cli;

import dev.jstencil.workload.ParallelSettings;
import picocli.CommandLine.Option;

/** {@code --threads} and {@code --parallel}, shared by every command that runs on the step engine. */
final class ParallelOptions {
    @Option(names = "--threads", paramLabel = "T", description = "Worker threads (default: the number of cores, ${sys:jstencil.cores}).")
    Integer threads;

    @Option(names = "--parallel", paramLabel = "serial|platform|virtual|forkjoin", defaultValue = "platform",
            description = "How the workers (bands) run. Default: ${DEFAULT-VALUE}.")
    String parallel;

    static {
        System.setProperty("jstencil.cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
    }

    /** Validated mode and thread count (one thread per core when --threads is absent). */
    ParallelSettings settings() {
        return ParallelSettings.parse(parallel, threads);
    }
}
