package dev.jstencil.sim;

import dev.jstencil.codegen.CellProgram;
import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Lowering;
import dev.jstencil.codegen.Noise;
import dev.jstencil.codegen.RunConstants;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import dev.jstencil.model.Model;
import dev.jstencil.parallel.Band;
import dev.jstencil.parallel.BandTask;

/**
 * Writes a model's initial condition into the fields: its expressions evaluated for every cell in
 * f64 by the interpreter ({@link CellProgram}), then rounded to the fields' precision, with noise of
 * step {@link Noise#INIT_STEP}. A band task, so a large grid is initialised on the run's threads; the
 * values do not depend on how the grid is split.
 */
final class Initializer implements BandTask {
    private final CellProgram program;
    private final double[] slots;
    private final long[] keys;
    private final Field[] fields;
    private final GridShape shape;
    private final Placement at;

    /** {@code at}: where the fields lie in the grid (a block of a bigger one: {@link Subdomain}). */
    Initializer(Model model, Model.Init init, RunConstants constants, long seed, Field[] fields, Placement at) {
        this.shape = fields[0].shape();
        this.at = at;
        Lowered lowered = Lowering.init(model, init, shape.dims());
        this.program = new CellProgram(lowered);
        this.slots = constants.slotValues(lowered);
        this.keys = program.streams().stream().mapToLong(s -> Noise.key(seed, Noise.INIT_STEP, s)).toArray();
        this.fields = fields;
    }

    @Override
    public void run(long step, Band band) {
        double[] regs = new double[program.registers()];
        int[] index = new int[3];
        CellProgram.Loads none = l -> {
            throw new IllegalStateException("an initial condition reads no field");
        };
        boolean planes = shape.dims() == 3;
        for (int z = planes ? band.y0() : 0; z < (planes ? band.y1() : 1); z++) {
            for (int y = planes ? 0 : band.y0(); y < (planes ? shape.ny() : band.y1()); y++) {
                for (int x = 0; x < shape.nx(); x++) {
                    index[0] = x + at.x0();
                    index[1] = y + at.y0();
                    index[2] = z + at.z0();
                    program.run(regs, slots, none, index, at.cellIndex(x, y, z), keys);
                    for (int f = 0; f < fields.length; f++) {
                        fields[f].set(x, y, z, regs[program.root(f)]);
                    }
                }
            }
        }
    }
}
