package dev.jstencil.kernel;

import dev.jstencil.codegen.CellProgram;
import dev.jstencil.codegen.Lowered;
import dev.jstencil.codegen.Noise;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.Placement;
import dev.jstencil.grid.Precision;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;
import java.util.Optional;

/**
 * The reference backend: the model's lowered formulas ({@link CellProgram}) evaluated one cell at a
 * time, with exactly the operations of {@link dev.jstencil.codegen.Semantics}. Slow (an instruction
 * dispatch per operation), simple, and what the generated kernels are tested against.
 */
public final class InterpretedKernel implements StencilKernel {
    private final Lowered lowered;
    private final CellProgram program;
    private final double[] slots;
    private final long seed;
    private final int[] streams;

    /**
     * @param slots the values of {@code lowered}'s slots for this run ({@link dev.jstencil.codegen.RunConstants})
     */
    public InterpretedKernel(Lowered lowered, double[] slots, long seed) {
        this.lowered = lowered;
        this.program = new CellProgram(lowered);
        this.slots = slots.clone();
        this.seed = seed;
        this.streams = program.streams().stream().mapToInt(Integer::intValue).toArray();
    }

    private long[] keys(long step) {
        long[] keys = new long[streams.length];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Noise.key(seed, step, streams[i]);
        }
        return keys;
    }

    @Override
    public void update(Field[] cur, Field[] next, int from, int to, long step) {
        update(cur, next, from, to, step, Placement.whole(cur[0].shape()));
    }

    @Override
    public void update(Field[] cur, Field[] next, int from, int to, long step, Placement at) {
        Field shape = cur[0];
        long e = shape.precision().bytes();
        List<dev.jstencil.codegen.Node.Load> loads = program.loads();
        long[] delta = new long[loads.size()];
        MemorySegment[] source = new MemorySegment[loads.size()];
        for (int i = 0; i < delta.length; i++) {
            var l = loads.get(i);
            delta[i] = l.dx() * e + l.dy() * shape.rowBytes() + l.dz() * shape.planeBytes();
            source[i] = cur[l.field()].segment();
        }
        boolean f64 = shape.precision() == Precision.F64;
        MemorySegment[] targets = new MemorySegment[next.length];
        for (int f = 0; f < next.length; f++) {
            targets[f] = next[f].segment();
        }
        long[] keys = keys(step);
        double[] regs = new double[program.registers()];
        int[] index = new int[3];
        long[] o = new long[1];
        CellProgram.Loads in = f64 ? l -> source[l].get(ValueLayout.JAVA_DOUBLE, o[0] + delta[l])
                : l -> source[l].get(ValueLayout.JAVA_FLOAT, o[0] + delta[l]);
        int z0 = shape.dims() == 3 ? from : 0, z1 = shape.dims() == 3 ? to : 1;
        int y0 = shape.dims() == 3 ? 0 : from, y1 = shape.dims() == 3 ? shape.ny() : to;
        for (int z = z0; z < z1; z++) {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < shape.nx(); x++) {
                    o[0] = shape.offset(x, y, z);
                    index[0] = x + at.x0();
                    index[1] = y + at.y0();
                    index[2] = z + at.z0();
                    program.run(regs, slots, in, index, at.cellIndex(x, y, z), keys);
                    store(targets, regs, o[0], f64);
                }
            }
        }
    }

    private void store(MemorySegment[] next, double[] regs, long o, boolean f64) {
        for (int f = 0; f < next.length; f++) {
            double v = regs[program.root(f)];
            if (f64) {
                next[f].set(ValueLayout.JAVA_DOUBLE, o, v);
            } else {
                next[f].set(ValueLayout.JAVA_FLOAT, o, (float) v);
            }
        }
    }

    @Override
    public Optional<RowKernel> rowKernel() {
        if (lowered.dims() != 2 || lowered.radius() > 1) {
            return Optional.empty();
        }
        boolean f64 = lowered.precision() == Precision.F64;
        long e = lowered.precision().bytes();
        List<dev.jstencil.codegen.Node.Load> loads = program.loads();
        double[] regs = new double[program.registers()];
        int[] index = new int[3];
        long[] base = new long[loads.size()];
        MemorySegment[][] source = new MemorySegment[1][];
        long[] x = new long[1];
        CellProgram.Loads in = f64 ? l -> source[0][loads.get(l).field()].get(ValueLayout.JAVA_DOUBLE, base[l] + x[0] * e)
                : l -> source[0][loads.get(l).field()].get(ValueLayout.JAVA_FLOAT, base[l] + x[0] * e);
        return Optional.of((inputs, north, centre, south, out, outOffset, nx, y, step) -> {
            source[0] = inputs;
            for (int i = 0; i < base.length; i++) {
                var l = loads.get(i);
                base[i] = (l.dy() < 0 ? north : l.dy() > 0 ? south : centre) + l.dx() * e;
            }
            long[] keys = keys(step);
            for (int cx = 0; cx < nx; cx++) {
                x[0] = cx;
                index[0] = cx;
                index[1] = y;
                program.run(regs, slots, in, index, (long) y * nx + cx, keys);
                store(out, regs, outOffset + cx * e, f64);
            }
        });
    }

    @Override
    public Optional<PlaneKernel> planeKernel(Field layout) {
        if (lowered.dims() != 3 || lowered.radius() > 1) {
            return Optional.empty();
        }
        boolean f64 = lowered.precision() == Precision.F64;
        long e = lowered.precision().bytes(), rowBytes = layout.rowBytes();
        int nx = layout.nx(), ny = layout.ny();
        List<dev.jstencil.codegen.Node.Load> loads = program.loads();
        double[] regs = new double[program.registers()];
        int[] index = new int[3];
        long[] base = new long[loads.size()];
        MemorySegment[][] source = new MemorySegment[1][];
        long[] cell = new long[1]; // byte offset of the cell from its plane's cell (0, 0)
        CellProgram.Loads in = f64 ? l -> source[0][loads.get(l).field()].get(ValueLayout.JAVA_DOUBLE, base[l] + cell[0])
                : l -> source[0][loads.get(l).field()].get(ValueLayout.JAVA_FLOAT, base[l] + cell[0]);
        return Optional.of((inputs, below, centre, above, out, outOffset, z, step) -> {
            source[0] = inputs;
            for (int i = 0; i < base.length; i++) {
                var l = loads.get(i);
                base[i] = (l.dz() < 0 ? below : l.dz() > 0 ? above : centre) + l.dy() * rowBytes + l.dx() * e;
            }
            long[] keys = keys(step);
            index[2] = z;
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    cell[0] = y * rowBytes + x * e;
                    index[0] = x;
                    index[1] = y;
                    program.run(regs, slots, in, index, ((long) z * ny + y) * nx + x, keys);
                    store(out, regs, outOffset + cell[0], f64);
                }
            }
        });
    }

    @Override
    public Backend backend() {
        return Backend.INTERPRETED;
    }

    @Override
    public Precision precision() {
        return lowered.precision();
    }

    @Override
    public String description() {
        return "interpreted " + lowered.precision().cliName();
    }
}
