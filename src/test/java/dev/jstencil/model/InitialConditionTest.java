package dev.jstencil.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.Field2D;
import dev.jstencil.grid.Precision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InitialConditionTest {
    /** The spec, per axis of length n: s = n/10, lo = n/2 - s/2 (integer division); cells lo..lo+s-1. */
    private static boolean inSquare(int i, int n) {
        int s = n / 10;
        int lo = n / 2 - s / 2;
        return i >= lo && i < lo + s;
    }

    @Test
    void squareOn256IsRowsAndColumns116To140() {
        for (int i = 0; i < 256; i++) {
            assertEquals(i >= 116 && i <= 140, inSquare(i, 256), "the spec formula at " + i); // 256/10=25, 128-12=116
        }
        assertSquare(Precision.F64, 256, 256);
    }

    @ParameterizedTest
    @CsvSource({"F64, 100, 37", "F32, 37, 100", "F64, 67, 67", "F32, 1000, 13", "F64, 10, 10", "F64, 11, 19", "F64, 9, 64", "F32, 3, 3"})
    void squareIsPlacedPerAxis(Precision p, int nx, int ny) {
        assertSquare(p, nx, ny);
    }

    /** Exactly the cells inside the square hold u=0.5, v=0.25; every other cell u=1, v=0. */
    private static void assertSquare(Precision p, int nx, int ny) {
        try (Field2D u = Field2D.allocate(p, nx, ny); Field2D v = Field2D.allocate(p, nx, ny)) {
            u.fill(-7);
            v.fill(-7);
            InitialCondition.SQUARE.apply(u, v);
            int inside = 0;
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    boolean in = inSquare(x, nx) && inSquare(y, ny);
                    inside += in ? 1 : 0;
                    assertEquals(in ? 0.5 : 1.0, u.get(x, y), "u at (" + x + ", " + y + ")");
                    assertEquals(in ? 0.25 : 0.0, v.get(x, y), "v at (" + x + ", " + y + ")");
                }
            }
            assertEquals((nx / 10) * (ny / 10), inside, "cells in the square");
        }
    }

    /** u0 = 0.01 exp(-((x-1/2)^2 + (y-1/2)^2) / (2 sigma^2)) / (sqrt(2 pi) sigma), sigma = 0.1, v0 = 1 - u0. */
    private static double gauss(int col, int row, int nx, int ny) {
        double x = col / (double) nx - 0.5, y = row / (double) ny - 0.5;
        return 0.01 / (Math.sqrt(2 * Math.PI) * 0.1) * Math.exp(-(x * x + y * y) / 0.02);
    }

    @ParameterizedTest
    @CsvSource({"F64, 64, 64", "F64, 67, 13", "F32, 100, 37"})
    void gaussMatchesItsFormulaAtSampledCells(Precision p, int nx, int ny) {
        double tol = p == Precision.F64 ? 1e-15 : 1e-7; // f32: one rounding of values <= 1 (half an ulp of 1 is 6e-8)
        try (Field2D u = Field2D.allocate(p, nx, ny); Field2D v = Field2D.allocate(p, nx, ny)) {
            InitialCondition.GAUSS.apply(u, v);
            int[][] cells = {{0, 0}, {nx / 2, ny / 2}, {nx - 1, ny - 1}, {nx / 3, ny / 5}, {nx / 2, 0}, {0, ny / 2}, {nx / 2 + 3, ny / 2 - 2}};
            for (int[] c : cells) {
                double expected = gauss(c[0], c[1], nx, ny);
                assertEquals(expected, u.get(c[0], c[1]), tol, "u at " + c[0] + "," + c[1]);
                assertEquals(1 - expected, v.get(c[0], c[1]), tol, "v at " + c[0] + "," + c[1]);
            }
            if (nx % 2 == 0 && ny % 2 == 0) { // centre of the unit square is a cell: the peak 0.01/(sqrt(2 pi) 0.1)
                assertEquals(0.1 / Math.sqrt(2 * Math.PI), u.get(nx / 2, ny / 2), tol);
            }
        }
    }

    @Test
    void namesParseCaseInsensitivelyAndUnknownNamesListTheChoices() {
        assertSame(InitialCondition.SQUARE, InitialCondition.parse("square"));
        assertSame(InitialCondition.GAUSS, InitialCondition.parse("GAUSS"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InitialCondition.parse("blob"));
        assertTrue(e.getMessage().contains("'blob'") && e.getMessage().contains("square") && e.getMessage().contains("gauss"),
                e.getMessage());
    }
}
