package dev.jstencil.model;

import dev.jstencil.util.CliNames;
import dev.jstencil.grid.Field2D;

/** Starting states, defined exactly so results can be compared with other implementations. */
public enum InitialCondition {
    /**
     * u=1, v=0 everywhere; then per axis, with n the axis length, s = n/10 and lo = n/2 - s/2
     * (integer division), rows and columns lo..lo+s-1 are set to u=0.5, v=0.25.
     */
    SQUARE {
        @Override
        public void apply(Field2D u, Field2D v) {
            u.fill(1.0);
            v.fill(0.0);
            int sx = u.nx() / 10, lox = u.nx() / 2 - sx / 2;
            int sy = u.ny() / 10, loy = u.ny() / 2 - sy / 2;
            for (int y = loy; y < loy + sy; y++) {
                for (int x = lox; x < lox + sx; x++) {
                    u.set(x, y, 0.5);
                    v.set(x, y, 0.25);
                }
            }
        }
    },
    /**
     * On the unit square with x = col/nx, y = row/ny:
     * u0 = 0.01*exp((-(x-0.5)^2 - (y-0.5)^2) / (2*0.1^2)) / (sqrt(2*pi)*0.1), v0 = 1 - u0.
     */
    GAUSS {
        @Override
        public void apply(Field2D u, Field2D v) {
            double sigma = 0.1;
            double norm = Math.sqrt(2 * Math.PI) * sigma;
            for (int row = 0; row < u.ny(); row++) {
                double y = (double) row / u.ny();
                for (int col = 0; col < u.nx(); col++) {
                    double x = (double) col / u.nx();
                    double u0 = 0.01 * Math.exp((-(x - 0.5) * (x - 0.5) - (y - 0.5) * (y - 0.5)) / (2 * sigma * sigma)) / norm;
                    u.set(col, row, u0);
                    v.set(col, row, 1 - u0);
                }
            }
        }
    };

    /** Writes the initial interior values of both species (ghosts are filled by the halo step). */
    public abstract void apply(Field2D u, Field2D v);

    public String cliName() {
        return CliNames.of(this);
    }

    public static InitialCondition parse(String s) {
        return CliNames.parse(values(), "init", s);
    }
}
