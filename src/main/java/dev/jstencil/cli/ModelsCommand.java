package dev.jstencil.cli;

import dev.jstencil.model.BuiltinModels;
import dev.jstencil.model.Model;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code jstencil models [NAME]}: the built-in models, or one model's file. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"Lists the built-in models; with a name (or a model file's path), prints that model's text,",
                "a starting point for a model of your own."})
final class ModelsCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A built-in model (or a model file) to print.")
    String name;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (name != null) {
            Model m = Model.resolve(name); // checks it, so a file with errors says so
            out.print(m.text());
            out.flush();
            return Main.EXIT_OK;
        }
        for (String n : BuiltinModels.names()) {
            Model m = Model.builtin(n);
            String grid = m.grid().map(g -> String.join("x", g.stream().map(String::valueOf).toList())).orElse("-");
            out.printf("%-16s %-12s fields %-6s %s%n", n, grid, String.join(",", m.fields()), m.title());
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
