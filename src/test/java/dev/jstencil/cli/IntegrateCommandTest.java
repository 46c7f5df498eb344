package dev.jstencil.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class IntegrateCommandTest {
    private static final Pattern RESULT = Pattern.compile("\"result\":([-0-9.E]+)");

    /** {stdout, stderr} of a run that must end with {@code expectedExit}. */
    private static String[] run(int expectedExit, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
        assertEquals(expectedExit, exit, () -> "exit code; stdout: " + out + "; stderr: " + err);
        return new String[] {out.toString(), err.toString()};
    }

    private static double result(String stdout) {
        Matcher m = RESULT.matcher(stdout);
        assertTrue(m.find(), stdout);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void printsTheResultTheExactValueAndAJsonLine() {
        String[] r = run(0, "integrate", "--f", "x^2", "--a", "0", "--b", "10", "--n", "1000000", "--threads", "2");
        String[] lines = r[0].strip().split("\n");
        assertEquals(2, lines.length, r[0]);
        assertTrue(lines[0].startsWith("integrate x^2 on [0.0, 10.0], n = 1000000, midpoint rule: 333.33333"), lines[0]);
        assertTrue(lines[0].contains("exact 333.3333333333333"), lines[0]);
        assertTrue(lines[1].matches("\\{\"command\":\"integrate\",\"f\":\"x\\^2\",\"a\":0.0,\"b\":10.0,\"n\":1000000,"
                + "\"rule\":\"midpoint\",\"result\":[0-9.E-]+,\"exact\":333.3333333333333,\"error\":[-0-9.E]+,"
                + "\"threads\":2,\"parallel\":\"platform\",\"backend\":\"vector f64x[0-9]+\",\"seconds\":[0-9.E-]+}"), lines[1]);
        assertEquals(1000.0 / 3, result(r[0]), 1e-9);
    }

    @Test
    void theResultDoesNotDependOnThreadsOrMode() {
        String[] base = {"integrate", "--f", "4/(1+x^2)", "--a", "0", "--b", "1", "--n", "300000", "--rule", "left"};
        double reference = result(run(0, concat(base, "--parallel", "serial", "--threads", "1"))[0]);
        assertEquals(Math.PI, reference, 1e-5, "left rule: first-order error 2h/2 ~ 3e-6");
        assertEquals(reference, result(run(0, concat(base, "--parallel", "forkjoin", "--threads", "3"))[0]));
        assertEquals(reference, result(run(0, concat(base, "--parallel", "virtual", "--threads", "7"))[0]));
    }

    @Test
    void negativeBoundsParseAsValues() {
        String[] r = run(0, "integrate", "--f", "1/x", "--a", "-2", "--b", "-1", "--n", "1000", "--backend", "scalar");
        assertEquals(Math.log(0.5), result(r[0]), 1e-6);
        assertTrue(r[0].contains("\"backend\":\"scalar\""), r[0]);
    }

    @Test
    void badInputIsOneLineNamingTheValueWithExitTwo() {
        assertBad("n = 0 is not allowed", "--f", "x^2", "--a", "0", "--b", "1", "--n", "0");
        assertBad("interval [NaN, 1.0]", "--f", "x^2", "--a", "NaN", "--b", "1");
        assertBad("interval [0.0, Infinity]", "--f", "x^2", "--a", "0", "--b", "Infinity");
        assertBad("'ten'", "--f", "x^2", "--a", "0", "--b", "ten");
        assertBad("integrand 'tan' is not one of [x^2, x^3, sin, cos, exp, 1/x, sqrt, 4/(1+x^2)]", "--f", "tan", "--a", "0", "--b", "1");
        assertBad("1/x on [-1.0, 1.0]", "--f", "1/x", "--a", "-1", "--b", "1");
        assertBad("sqrt on [-1.0, 1.0]", "--f", "sqrt", "--a", "-1", "--b", "1");
        assertBad("rule 'right'", "--f", "x^2", "--a", "0", "--b", "1", "--rule", "right");
        assertBad("--backend 'gpu'", "--f", "x^2", "--a", "0", "--b", "1", "--backend", "gpu");
        assertBad("--threads 0", "--f", "x^2", "--a", "0", "--b", "1", "--threads", "0");
        assertBad("--f", "--a", "0", "--b", "1");
    }

    private static void assertBad(String expected, String... options) {
        String err = run(Main.EXIT_USAGE, concat(new String[] {"integrate"}, options))[1];
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("jstencil: error: ") && err.contains(expected), err);
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
