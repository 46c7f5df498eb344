package dev.jstencil.cli;

import dev.jstencil.sweep.Cancellation;
import dev.jstencil.sweep.JobRunner;
import dev.jstencil.sweep.ResultStore;
import dev.jstencil.sweep.SweepJob;
import dev.jstencil.sweep.SweepResult;
import dev.jstencil.sweep.SweepSpec;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child JVM of {@code sweep --isolate process}: the same 'sweep' command line (so options are parsed and
 * checked by the same code) plus hidden {@code --child-job N --child-result DIR}; it runs job N alone and
 * writes its record into DIR.
 */
final class SweepChild {
    /**
     * Test hook, not for users: a child whose job index equals this variable's value halts its JVM at once, as a
     * crash in native code would end it (SweepCommandTest proves --isolate process survives that).
     */
    static final String HALT_JOB_VARIABLE = "JSTENCIL_TEST_SWEEP_HALT_JOB";

    private SweepChild() {
    }

    static int run(SweepSpec spec, int index, Path resultDir) throws IOException {
        if (resultDir == null || index < 0 || index >= spec.grid().size()) {
            throw new IllegalArgumentException("--child-job " + index + " needs --child-result DIR and an index below " + spec.grid().size());
        }
        if (Integer.toString(index).equals(System.getenv(HALT_JOB_VARIABLE))) {
            Runtime.getRuntime().halt(66);
        }
        SweepResult r = new JobRunner(spec).execute(new SweepJob(index, spec.grid().values(index)), new Cancellation());
        ResultStore.write(resultDir, r);
        return Main.EXIT_OK;
    }

    /** This JVM's java, flags and class path running 'jstencil' with this command's arguments and the child's options. */
    static List<String> command(picocli.CommandLine.Model.CommandSpec spec, int index, Path resultDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        List<String> original = spec.commandLine().getParseResult().originalArgs();
        cmd.addAll(original.subList(original.indexOf(spec.name()), original.size()));
        // nothing that the command line may already hold (an option given twice is an error): a child shows no progress anyway
        cmd.addAll(List.of("--child-job", Integer.toString(index), "--child-result", resultDir.toString()));
        return cmd;
    }
}
