package dev.jstencil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code jstencil <command> [options]}. Bad input: one line on stderr, exit 2; failures: exit 1. */
@Command(name = "jstencil", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Stencil computations on off-heap fields at native speed.",
        subcommands = {RunCommand.class, SweepCommand.class, ModelsCommand.class, GrayScottCommand.class, MandelbrotCommand.class, IntegrateCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    public static final int EXIT_CANCELLED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: use one of "
                + spec.subcommands().keySet().stream().filter(s -> !s.equals("help")).toList());
    }

    public static void main(String[] args) {
        System.exit(dev.jstencil.mpi.Mpi.launchedByMpirun(System.getenv()) ? executeUnderMpi(args) : execute(args));
    }

    /**
     * One rank of {@code mpirun -np N jstencil ...}: MPI is initialised first and finalised last; only rank 0
     * prints (every rank parses the same arguments, so bad input is reported once). A rank that fails once the
     * run has started prints its own error and ends the job ({@link RunCommand}).
     */
    private static final java.util.Set<String> SINGLE_PROCESS_COMMANDS = java.util.Set.of("gray-scott", "mandelbrot", "integrate");

    static int executeUnderMpi(String[] args) {
        dev.jstencil.mpi.Mpi mpi;
        try {
            mpi = dev.jstencil.mpi.Mpi.world();
        } catch (RuntimeException | LinkageError e) {
            System.err.println("jstencil: error: cannot start MPI: " + oneLine(e));
            return EXIT_FAILURE;
        }
        if (mpi.size() > 1 && args.length > 0 && SINGLE_PROCESS_COMMANDS.contains(args[0])) {
            if (mpi.rank() == 0) { // N copies would do the same work and race to write the same files
                System.err.println("jstencil: error: '" + args[0] + "' runs in one process; under mpirun only 'run' splits its work "
                        + "over the ranks (start it without mpirun, or with -np 1)");
            }
            mpi.finalizeMpi();
            return EXIT_USAGE;
        }
        CommandLine cl = commandLine();
        if (mpi.rank() != 0) {
            java.io.PrintWriter none = new java.io.PrintWriter(java.io.Writer.nullWriter());
            cl.setOut(none);
            cl.setErr(none);
        }
        int code = cl.execute(args);
        mpi.finalizeMpi();
        return code;
    }

    /** Runs the CLI and returns the exit code (tests call this instead of main). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine.printHelpIfRequested(ex.getCommandLine().getParseResult());
            ex.getCommandLine().getErr().println("jstencil: error: " + ex.getMessage()
                    + " (see 'jstencil " + commandPath(ex.getCommandLine()) + "--help')");
            return EXIT_USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            if (ex instanceof IllegalArgumentException || ex instanceof dev.jstencil.kernel.KernelUnavailableException) {
                // a bad value found past parsing, or a backend this machine or model cannot run
                c.getErr().println("jstencil: error: " + ex.getMessage());
                return EXIT_USAGE;
            }
            c.getErr().println("jstencil: error: " + oneLine(ex));
            if (Boolean.getBoolean("jstencil.debug")) {
                ex.printStackTrace(c.getErr());
            }
            return EXIT_FAILURE;
        });
        return cl;
    }

    private static String commandPath(CommandLine c) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine p = c; p.getParent() != null; p = p.getParent()) {
            sb.insert(0, p.getCommandName() + " ");
        }
        return sb.toString();
    }

    static String oneLine(Throwable t) {
        return (t.getMessage() != null ? t.getMessage() : t.toString()).replace('\n', ' ');
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"jstencil " + (v != null ? v : "(development build)") + " on Java " + Runtime.version()};
        }
    }
}
