package dev.jstencil.cli;

import dev.jstencil.workload.ParallelSettings;
import dev.jstencil.workload.integrate.ChunkSum;
import dev.jstencil.workload.integrate.ChunkSums;
import dev.jstencil.workload.integrate.Integrand;
import dev.jstencil.workload.integrate.Integrator;
import dev.jstencil.workload.integrate.Problem;
import dev.jstencil.workload.integrate.Rule;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "integrate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Integral of a built-in function from a to b with n samples, in parallel.",
                "Bit-for-bit the same result for every thread count and mode: fixed chunks",
                "of 2^16 samples (more above n = 2^36), each summed the same way whoever",
                "runs it, and the partial sums added in a fixed pairwise tree.",
                "Rules: midpoint, error <= (b-a) h^2/24 max|f''| with h = (b-a)/n;",
                "left, error <= (b-a) h/2 max|f'|.",
                "Prints one human line (result, exact value, error) and one JSON line."})
final class IntegrateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--f", required = true, paramLabel = "NAME",
            description = "The integrand: x^2, x^3, sin, cos, exp, 1/x, sqrt or 4/(1+x^2).")
    String f;

    @Option(names = "--a", required = true, paramLabel = "A", description = "Lower bound (finite).")
    double a;

    @Option(names = "--b", required = true, paramLabel = "B", description = "Upper bound (finite).")
    double b;

    @Option(names = "--n", paramLabel = "N", defaultValue = "100000000",
            description = "Number of samples (subintervals), 1..2^50. Default: ${DEFAULT-VALUE}.")
    long n;

    @Option(names = "--rule", paramLabel = "midpoint|left", defaultValue = "midpoint", description = "Default: ${DEFAULT-VALUE}.")
    String rule;

    @CommandLine.Mixin
    ParallelOptions parallelOptions;

    @Option(names = "--backend", paramLabel = "vector|scalar", defaultValue = "vector",
            description = "Inner loop: Vector API (falls back to scalar without jdk.incubator.vector) or scalar. Default: ${DEFAULT-VALUE}.")
    String backend;

    private record Config(Problem problem, ParallelSettings settings, ChunkSum loop) {
    }

    @Override
    public Integer call() {
        Config c;
        try {
            c = configure();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Integrator integrator = new Integrator(c.settings().engine(), c.loop());
        long t0 = System.nanoTime();
        double result = integrator.integrate(c.problem());
        report(c, result, (System.nanoTime() - t0) * 1e-9);
        return Main.EXIT_OK;
    }

    private Config configure() {
        Problem p = new Problem(Integrand.parse(f), a, b, n, Rule.parse(rule));
        ParallelSettings settings = parallelOptions.settings();
        ChunkSum loop = switch (backend) {
            case "vector" -> ChunkSums.best();
            case "scalar" -> ChunkSums.scalar();
            default -> throw new IllegalArgumentException("--backend '" + backend + "' is not allowed: use vector or scalar");
        };
        return new Config(p, settings, loop);
    }

    private void report(Config c, double result, double seconds) {
        Problem p = c.problem();
        double exact = p.exact();
        String name = p.f().cliName();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "integrate %s on [%s, %s], n = %d, %s rule: %s (exact %s, error %.3e) in %.3f s"
                        + " = %.1f M samples/s [%s; %s]%n",
                name, a, b, n, p.rule().cliName(), result, exact, result - exact, seconds, n / seconds * 1e-6,
                c.loop().description(p.f()), c.settings().describe());
        out.println(new Json().put("command", "integrate").put("f", name).put("a", a).put("b", b).put("n", n)
                .put("rule", p.rule().cliName()).put("result", result).put("exact", exact).put("error", result - exact)
                .put("threads", c.settings().threads()).put("parallel", c.settings().mode().cliName())
                .put("backend", c.loop().description(p.f())).put("seconds", Json.round(seconds, 6)));
        out.flush();
    }
}
