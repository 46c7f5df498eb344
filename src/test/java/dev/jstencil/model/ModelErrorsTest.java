package dev.jstencil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Precision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad model files: each gives one message, "file:line:column: ...", pointing at the offending token
 * and saying what was expected or allowed. The model text of each case is built from lines separated
 * by '|' in the table; the expected position and words follow.
 */
class ModelErrorsTest {
    private static final String FILE = "bad.model";

    /** A model text whose lines are separated by '|'; "GS" expands to the two Gray-Scott equations' declarations. */
    private static String text(String lines) {
        return lines.replace("|", "\n").replace("GS", "fields u v\nparam F = 0.04\nparam k = 0.06\nparam Du = 0.16\nparam Dv = 0.08") + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        // syntax
        "missing '=' in a parameter; fields u|param F 0.04|du/dt = F; 2:9; expected '=', found '0.04'",
        "unbalanced parenthesis; fields u|du/dt = (u + 1; 3:1; expected ')'",
        "a character the language does not have; fields u|du/dt = u $ 2; 2:11; unexpected character '$'",
        "two expressions side by side; fields u|du/dt = u 2; 2:11; expected end of line, found '2'",
        "an equation without dNAME; fields u|u/dt = 1; 2:1; expected dNAME/dt",
        "an operator with nothing after it; fields u|du/dt = u *; 2:12; expected an expression, found end of line",
        // names
        "a misspelt parameter; GS|du/dt = Duu*lap(u)|dv/dt = 0; 6:9; unknown name 'Duu' (did you mean 'Du'?)",
        "a let used before it is defined; fields u|du/dt = r|let r = 1; 2:9; unknown name 'r'",
        "a misspelt function; fields u|du/dt = lapp(u); 2:9; unknown function 'lapp' (did you mean 'lap'?)",
        "an equation for no field; fields u|du/dt = 0|dw/dt = 1; 3:2; 'w' is not a field",
        "a parameter named like a built-in; fields u|param x = 1|du/dt = 0; 2:7; 'x' cannot name a parameter: it is built in",
        "a name declared twice; fields u|param u = 1|du/dt = 0; 2:7; 'u' is already declared at line 1:8",
        // structure
        "a field without an equation; GS|du/dt = 0; 1:10; field v has no equation: add a line dv/dt = ...",
        "two equations for one field; fields u|du/dt = 0|du/dt = 1; 3:1; field u has two equations",
        "no fields; param a = 1; 1:1; declares no fields",
        "an init that misses a field; GS|du/dt = 0|dv/dt = 0|init flat {|u = 1|}; 8:6; init 'flat' does not set field v",
        "an init that reads a field; fields u v|du/dt = 0|dv/dt = 0|init flat {|u = 1|v = u|}; 6:5; field u has no value in an initial condition",
        // types and arity
        "a condition as a rate; fields u|du/dt = u < 1; 2:11; must be a number, not a condition",
        "a number as a condition; fields u|du/dt = u ? 1 : 0; 2:9; must be a condition",
        "a function with the wrong number of arguments; fields u|du/dt = max(u); 2:9; max takes 2 arguments",
        "lap of something that is not a field; GS|du/dt = lap(F)|dv/dt = 0; 6:13; lap takes a field name, not 'F'",
        // offsets
        "offsets of both 2D and 3D; fields u|du/dt = u[1,0] + u[0,0,1]; 2:18; has 3 components but the one at line 2:9 has 2",
        "an offset beyond the ghost layer; fields u|du/dt = u[5,0]; 2:9; beyond the ghost layer: offsets must be within -4..4",
        "an offset with one component; fields u|du/dt = u[1]; 2:9; write f[dx,dy] in 2D or f[dx,dy,dz] in 3D",
        // constants
        "division of a field by a constant zero; fields u|du/dt = u/(1 - 1); 2:10; division by zero: the divisor 1 - 1 is 0",
        "a bad boundary kind; fields u|boundary periodc|du/dt = 0; 2:10; 'periodc' is not a boundary kind",
        "a grid too small; fields u|grid 2 8|du/dt = 0; 2:1; grid size 2 is too small",
        "a non-positive dt; fields u|dt = -1|du/dt = 0; 2:1; dt = -1.0 is not allowed",
    })
    void badModelFilesGiveOneMessageWithLineAndColumn(String what, String lines, String position, String expected) {
        ModelException e = assertThrows(ModelException.class, () -> Model.parse(FILE, text(lines)), what);
        String message = e.getMessage();
        assertTrue(message.startsWith(FILE + ":" + position + ": "), what + ": expected position " + position + ", got: " + message);
        assertTrue(message.contains(expected), what + ": expected '" + expected + "' in: " + message);
        assertFalse(message.contains("\n"), "one line: " + message);
        assertEquals(FILE, e.pos().source());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "2D offsets on a 3D grid; fields u|du/dt = u[1,0] - u; 3; 2:9; runs on a 2D grid, not a 3D one",
        "3D offsets on a 2D grid; fields u|du/dt = u[0,0,1] - u; 2; 2:9; runs on a 3D grid, not a 2D one",
    })
    void offsetsThatDoNotFitTheGridAreRefusedWhenTheGridIsKnown(String what, String lines, int dims, String position, String expected) {
        Model m = Model.parse(FILE, text(lines));
        ModelException e = assertThrows(ModelException.class, () -> Lowering.kernel(m, dims, Precision.F64), what);
        assertTrue(e.getMessage().startsWith(FILE + ":" + position + ": ") && e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "divisor {0}")
    @CsvSource({"1, 2:10", "2, 2:22"})
    void aParameterThatMakesADivisorZeroIsRefusedWithTheRunsValues(double value, String position) {
        Model m = Model.parse(FILE, text("fields u|du/dt = u/(a - 1) + u/(b - 2)|param a = 3|param b = 3"));
        var lowered = Lowering.kernel(m, 2, Precision.F64);
        double[] params = m.defaultParams();
        params[value == 1 ? 0 : 1] = value;
        ModelException e = assertThrows(ModelException.class,
                () -> new RunConstants(params, 1, 1, GridShape.of2d(8, 8)).slotValues(lowered));
        assertTrue(e.getMessage().startsWith(FILE + ":" + position + ": division by zero"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "a constant that overflows; fields u|param a = 1e300|du/dt = u*(a*a); 3:13; a * a is Infinity",
        "a constant that is NaN; fields u|param a = 0|du/dt = u*sqrt(a - 1); 3:11; sqrt(a - 1) is NaN",
    })
    void aConstantThatIsNotFiniteIsRefused(String what, String lines, String position, String expected) {
        Model m = Model.parse(FILE, text(lines));
        var lowered = Lowering.kernel(m, 2, Precision.F64);
        ModelException e = assertThrows(ModelException.class,
                () -> new RunConstants(m.defaultParams(), 1, 1, GridShape.of2d(8, 8)).slotValues(lowered), what);
        assertTrue(e.getMessage().startsWith(FILE + ":" + position + ": ") && e.getMessage().contains(expected), e.getMessage());
    }
}
