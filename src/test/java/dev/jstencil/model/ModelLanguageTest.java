package dev.jstencil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundaryKind;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.parallel.ParallelMode;
import dev.jstencil.sim.Simulation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** What model files mean: declarations, defaults, operator precedence and order, lets, inits, noise streams. */
class ModelLanguageTest {
    @TempDir
    Path dir;

    static List<String> builtins() {
        return BuiltinModels.names();
    }

    @ParameterizedTest
    @MethodSource("builtins")
    void everyBuiltInModelParsesAndHasAnInitAGridAndASourceComment(String name) {
        Model m = Model.builtin(name);
        assertEquals(name, m.name());
        assertEquals("builtin:" + name, m.source());
        assertTrue(m.title().length() > 20 && !m.title().equals(name), "a title from the leading comment: " + m.title());
        assertTrue(m.grid().isPresent(), "a default grid");
        assertTrue(!m.inits().isEmpty(), "an initial condition");
        assertTrue(m.radius() >= 1);
        assertEquals(m.fields().size(), m.rates().size());
    }

    @Test
    void grayScottDeclaresTodaysDefaults() {
        Model gs = Model.builtin("gray-scott");
        assertEquals(List.of("u", "v"), gs.fields());
        assertEquals(List.of("F", "k", "Du", "Dv"), gs.params().stream().map(Model.Param::name).toList());
        assertEquals(0.04, gs.params().get(0).value());
        assertEquals(0.06, gs.params().get(1).value());
        assertEquals(0.16, gs.params().get(2).value());
        assertEquals(0.08, gs.params().get(3).value());
        assertEquals(List.of(512, 512), gs.grid().orElseThrow());
        assertEquals(5000, gs.steps());
        assertEquals(1.0, gs.dt());
        assertEquals(List.of("square", "gauss"), gs.inits().stream().map(Model.Init::name).toList());
        assertEquals(0, gs.offsetDims(), "lap only: runs in 2D and 3D");
    }

    @Test
    void grayScott3dDeclaresTheAdios2Defaults() {
        Model gs = Model.builtin("gray-scott-3d");
        assertEquals(List.of(64, 64, 64), gs.grid().orElseThrow());
        assertEquals(2.0, gs.dt());
        assertEquals(List.of(0.01, 0.05, 0.2, 0.1, 1e-7), gs.params().stream().map(Model.Param::value).toList());
        assertEquals(1, gs.randCalls().size(), "noise on u's rate");
    }

    @Test
    void advectionIsTwoDimensionalBecauseItWritesOffsets() {
        Model m = Model.builtin("advection");
        assertEquals(2, m.offsetDims());
        assertEquals(1, m.radius());
    }

    /** Evaluates an expression of constants through a whole run's initial condition (f64, the interpreter). */
    private static double eval(String expr) {
        Model m = Model.parse("eval.model", "fields u\nparam two = 2\ndu/dt = 0\ninit e {\n  u = " + expr + "\n}\n");
        try (Simulation sim = Simulation.builder(m).size(3, 3).backend(Backend.INTERPRETED).parallel(ParallelMode.SERIAL, 1)
                .checkEvery(0).build()) {
            return sim.field("u").get(0, 0);
        }
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', value = {
        "1 - 2 - 3; -4",                 // left to right
        "12 / 3 / 2; 2",
        "2 + 3*4; 14",                   // * before +
        "-2*3; -6",                      // unary minus binds tightest
        "- -2; 2",
        "(2 + 3)*4; 20",
        "2e-3*1000; 2",
        ".5 + 5.; 5.5",
        "two*two; 4",
        "1 < 2 ? 10 : 20; 10",
        "1 > 2 ? 10 : 2 > 1 ? 30 : 40; 30",   // ?: associates to the right
        "1 < 2 && 2 < 1 ? 1 : 0; 0",
        "1 < 2 || 2 < 1 ? 1 : 0; 1",
        "!(1 < 2) ? 1 : 0; 0",
        "1 <= 1 && 1 >= 1 && 1 == 1 && 1 != 2 ? 1 : 0; 1",
        "min(3, -1) + max(3, -1); 2",
        "abs(-2.5); 2.5",
        "sqrt(16); 4",
        "floor(-2.5) + floor(2.5); -1",
        "exp(0); 1",
        "nx*10 + ny; 33",
        "nz + iz + z; 1",                // 2D: nz = 1, iz = z = 0
        "dt + h; 2",
    })
    void operatorsFollowPrecedenceAndAssociateLeftToRight(String expr, double expected) {
        assertEquals(expected, eval(expr), expr);
    }

    @Test
    void floatingPointOrderIsTheOrderWritten() {
        // (0.1 + 0.2) + 0.3 and 0.1 + (0.2 + 0.3) differ in the last bit; the model must give the first
        assertEquals((0.1 + 0.2) + 0.3, eval("0.1 + 0.2 + 0.3"));
        assertEquals(0.1 + (0.2 + 0.3), eval("0.1 + (0.2 + 0.3)"));
        assertTrue((0.1 + 0.2) + 0.3 != 0.1 + (0.2 + 0.3), "the two orders really differ");
    }

    @Test
    void linesContinueInsideParenthesesAndAfterABackslashAndCommentsAreIgnored() {
        Model m = Model.parse("c.model", """
                # a comment line
                fields u   # a trailing comment
                param a = 1
                du/dt = (a +
                         u) * \\
                        2
                """);
        assertEquals(1, m.rates().size());
        assertEquals("(a + u) * 2", ExprText.of(m.rates().getFirst()));
    }

    @Test
    void letsAreSharedAndScoped() {
        Model m = Model.parse("l.model", """
                fields u v
                let uvv = u*v*v
                du/dt = -uvv
                dv/dt = uvv
                init i {
                  let c = 0.5
                  u = c
                  v = 2*c
                }
                """);
        assertEquals(1, m.lets().size());
        assertTrue(m.lets().getFirst().readsFields());
        assertEquals(1, m.inits().getFirst().lets().size());
        ModelException e = assertThrows(ModelException.class, () -> Model.parse("l2.model", """
                fields u
                let w = u*2
                du/dt = w
                init i {
                  u = w
                }
                """));
        assertTrue(e.getMessage().startsWith("l2.model:5:7: let w (line 2) reads fields"), e.getMessage());
    }

    @Test
    void everyRandIsItsOwnStreamInTheOrderWritten() {
        Model m = Model.parse("r.model", """
                fields u v
                let n = rand()
                du/dt = n + rand()
                dv/dt = n
                init i {
                  u = rand()
                  v = 0
                }
                """);
        assertEquals(3, m.randCalls().size());
        assertEquals(List.of(2, 3, 6), m.randCalls().stream().map(c -> c.pos().line()).toList());
        assertEquals(0, m.streamOf(m.randCalls().get(0)));
        assertEquals(2, m.streamOf(m.randCalls().get(2)));
    }

    @Test
    void settingsBoundariesAndDirichletValuesAreRead() {
        Model m = Model.parse("s.model", """
                grid 10 12 14
                dt = 0.25
                h = 0.5
                steps = 7
                boundary neumann, dirichlet, dirichlet=2
                fields u v
                dirichlet v = 3
                du/dt = 0
                dv/dt = 0
                """);
        assertEquals(List.of(10, 12, 14), m.grid().orElseThrow());
        assertEquals(0.25, m.dt());
        assertEquals(0.5, m.h());
        assertEquals(7, m.steps());
        var axes = m.boundary().orElseThrow().forDims(3);
        assertEquals(BoundaryKind.NEUMANN, axes.get(0).kind());
        assertEquals(BoundaryKind.DIRICHLET, axes.get(1).kind());
        assertEquals(null, axes.get(1).value(), "per-field values");
        assertEquals(2.0, axes.get(2).value());
        assertEquals(List.of(0.0, 3.0), m.dirichlet());
    }

    @Test
    void aModelBuiltInJavaIsTheModelOfItsText() {
        Model built = Model.builder("decay").fields("u").param("rate", 0.5).equation("u", "-rate*u").grid(8, 8)
                .init("one", "u = 1").build();
        Model parsed = Model.parse("decay.model", built.text());
        assertEquals(parsed.fields(), built.fields());
        assertEquals(ExprText.of(parsed.rates().getFirst()), ExprText.of(built.rates().getFirst()));
        assertEquals("java:decay", built.source());
        ModelException e = assertThrows(ModelException.class, () -> Model.builder("bad").fields("u").equation("u", "-rat*u")
                .param("rate", 1).build());
        assertTrue(e.getMessage().startsWith("java:bad:3:10: unknown name 'rat' (did you mean 'rate'?)"), e.getMessage());
    }

    @Test
    void aModelFileIsLoadedAndResolvedByPathAndAMissingOneIsExplained() throws Exception {
        Path file = dir.resolve("mine.model");
        Files.writeString(file, "fields q\ndq/dt = -q\n");
        Model m = Model.resolve(file.toString());
        assertEquals("mine", m.name());
        assertEquals(file.toString(), m.source());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.resolve(dir.resolve("nope.model").toString()));
        assertTrue(e.getMessage().contains("does not exist") && e.getMessage().contains("gray-scott"), e.getMessage());
    }
}
