package dev.jstencil.codegen;

import dev.jstencil.grid.Precision;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link Lowered}'s per-cell trees as a straight-line program, one instruction per distinct node
 * in an order where operands come first: what the interpreter runs for every cell, with exactly the
 * operations of {@link Semantics}. Conditions live in the registers as 1 and 0.
 */
public final class CellProgram {
    /** Where a program's loads come from: the value of load number {@code load} at the current cell. */
    @FunctionalInterface
    public interface Loads {
        double load(int load);
    }

    private enum Kind { SLOT, LOAD, INDEX, RAND, UNARY, BINARY, COMPARE, AND, OR, NOT, SELECT, POW2 }

    private final Precision precision;
    private final Kind[] kind;
    private final int[] a, b, c;
    private final Object[] op;
    private final int[] roots;
    private final List<Node.Load> loads;
    private final List<Integer> streams;

    public CellProgram(Lowered lowered) {
        this.precision = lowered.precision();
        List<Node> order = lowered.topologicalOrder();
        this.loads = lowered.loads();
        this.streams = lowered.streams();
        int n = order.size();
        kind = new Kind[n];
        a = new int[n];
        b = new int[n];
        c = new int[n];
        op = new Object[n];
        Map<Node, Integer> reg = new IdentityHashMap<>();
        for (int i = 0; i < n; i++) {
            Node node = order.get(i);
            reg.put(node, i);
            switch (node) {
                case Node.Slot s -> set(i, Kind.SLOT, s.index(), 0, 0, null);
                case Node.Load l -> set(i, Kind.LOAD, loads.indexOf(l), 0, 0, null);
                case Node.Index x -> set(i, Kind.INDEX, x.axis(), 0, 0, null);
                case Node.Rand r -> set(i, Kind.RAND, streams.indexOf(r.stream()), 0, 0, null);
                case Node.Unary u -> set(i, Kind.UNARY, reg.get(u.a()), 0, 0, u.op());
                case Node.Binary bin -> set(i, Kind.BINARY, reg.get(bin.a()), reg.get(bin.b()), 0, bin.op());
                case Node.Compare cmp -> set(i, Kind.COMPARE, reg.get(cmp.a()), reg.get(cmp.b()), 0, cmp.op());
                case Node.Logic l -> set(i, l.and() ? Kind.AND : Kind.OR, reg.get(l.a()), reg.get(l.b()), 0, null);
                case Node.Not x -> set(i, Kind.NOT, reg.get(x.a()), 0, 0, null);
                case Node.Select s -> set(i, Kind.SELECT, reg.get(s.condition()), reg.get(s.ifTrue()), reg.get(s.ifFalse()), null);
                case Node.Pow2 p -> set(i, Kind.POW2, reg.get(p.k()), 0, 0, null);
                default -> throw new IllegalArgumentException("not a lowered per-cell node: " + node);
            }
        }
        roots = lowered.roots().stream().mapToInt(reg::get).toArray();
    }

    private void set(int i, Kind k, int x, int y, int z, Object o) {
        kind[i] = k;
        a[i] = x;
        b[i] = y;
        c[i] = z;
        op[i] = o;
    }

    /** Registers one evaluation needs. */
    public int registers() {
        return kind.length;
    }

    /** The loads, in the numbering {@link Loads} receives. */
    public List<Node.Load> loads() {
        return loads;
    }

    /** The noise streams, in the order of the keys {@link #run} takes. */
    public List<Integer> streams() {
        return streams;
    }

    /** Register holding root {@code i}'s value after {@link #run}. */
    public int root(int i) {
        return roots[i];
    }

    /**
     * Evaluates every instruction for one cell.
     *
     * @param index  the cell's global indices ix, iy, iz
     * @param cell   its global index (iz*ny + iy)*nx + ix
     * @param keys   the noise key of each stream for this step ({@link Noise#key})
     */
    public void run(double[] regs, double[] slots, Loads in, int[] index, long cell, long[] keys) {
        for (int i = 0; i < kind.length; i++) {
            regs[i] = switch (kind[i]) {
                case SLOT -> slots[a[i]];
                case LOAD -> in.load(a[i]);
                case INDEX -> Semantics.index(index[a[i]], precision);
                case RAND -> Semantics.rand(Noise.bits(keys[a[i]], cell), precision);
                case UNARY -> Semantics.unary((Node.UnaryOp) op[i], regs[a[i]], precision);
                case BINARY -> Semantics.binary((Node.BinaryOp) op[i], regs[a[i]], regs[b[i]], precision);
                case COMPARE -> Semantics.compare((Node.CompareOp) op[i], regs[a[i]], regs[b[i]]) ? 1 : 0;
                case AND -> regs[a[i]] != 0 && regs[b[i]] != 0 ? 1 : 0;
                case OR -> regs[a[i]] != 0 || regs[b[i]] != 0 ? 1 : 0;
                case NOT -> regs[a[i]] != 0 ? 0 : 1;
                case SELECT -> regs[a[i]] != 0 ? regs[b[i]] : regs[c[i]];
                case POW2 -> Semantics.pow2(regs[a[i]], precision);
            };
        }
    }
}
