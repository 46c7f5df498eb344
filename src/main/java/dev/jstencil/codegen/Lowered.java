package dev.jstencil.codegen;

import dev.jstencil.grid.Precision;
import dev.jstencil.model.SourcePos;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Lowered formulas, ready for a backend: one root per output (a field's next value, or a field's
 * initial value) over {@link Node.Slot}s, whose invariant trees are computed once per run. Also what
 * a backend needs to know about them: the distinct loads, the row offsets they read, the index axes
 * and noise streams they use.
 *
 * @param slots       the invariant tree of each slot (leaves: Const, Param, Setting, GridSize)
 * @param slotSources where each slot's expression is written (for messages), or null for internal constants
 * @param divisors    slots used as a per-cell divisor, with the division's position (checked for 0 per run)
 * @param flushesSubnormals whether the roots flush results below the smallest normal number to +0 ({@link Lowering#kernel})
 */
public record Lowered(Precision precision, int dims, int fieldCount, List<Node> slots, List<SlotSource> slotSources,
                      List<Node> roots, Map<Integer, SlotSource> divisors, boolean flushesSubnormals) {
    /** Where a slot comes from: a position and the expression's text. */
    public record SlotSource(SourcePos pos, String text) {
    }

    public Lowered {
        slots = List.copyOf(slots);
        slotSources = java.util.Collections.unmodifiableList(new ArrayList<>(slotSources));
        roots = List.copyOf(roots);
        divisors = Map.copyOf(divisors);
    }

    /** Every node reachable from the roots, each once, children before parents. */
    public List<Node> topologicalOrder() {
        List<Node> order = new ArrayList<>();
        Set<Node> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node r : roots) {
            visit(r, seen, order);
        }
        return order;
    }

    private static void visit(Node n, Set<Node> seen, List<Node> order) {
        if (!seen.add(n)) {
            return;
        }
        for (Node c : children(n)) {
            visit(c, seen, order);
        }
        order.add(n);
    }

    /** The operands of a node. */
    public static List<Node> children(Node n) {
        return switch (n) {
            case Node.Unary u -> List.of(u.a());
            case Node.Binary b -> List.of(b.a(), b.b());
            case Node.Compare c -> List.of(c.a(), c.b());
            case Node.Logic l -> List.of(l.a(), l.b());
            case Node.Not x -> List.of(x.a());
            case Node.Select s -> List.of(s.condition(), s.ifTrue(), s.ifFalse());
            case Node.Pow2 p -> List.of(p.k());
            case Node.Exp e -> List.of(e.a());
            case Node.Floor f -> List.of(f.a());
            default -> List.of();
        };
    }

    /** Distinct loads, in first-use order. */
    public List<Node.Load> loads() {
        List<Node.Load> loads = new ArrayList<>();
        for (Node n : topologicalOrder()) {
            if (n instanceof Node.Load l) {
                loads.add(l);
            }
        }
        return loads;
    }

    /** The distinct (dy, dz) row offsets other than (0, 0) that loads read, sorted. */
    public List<int[]> rowShifts() {
        Set<List<Integer>> shifts = new TreeSet<>((a, b) -> a.get(1).equals(b.get(1)) ? Integer.compare(a.get(0), b.get(0))
                : Integer.compare(a.get(1), b.get(1)));
        for (Node.Load l : loads()) {
            if (l.dy() != 0 || l.dz() != 0) {
                shifts.add(List.of(l.dy(), l.dz()));
            }
        }
        return shifts.stream().map(s -> new int[] {s.get(0), s.get(1)}).toList();
    }

    /** The largest offset along any axis that a load reads. */
    public int radius() {
        int r = 0;
        for (Node.Load l : loads()) {
            r = Math.max(r, Math.max(Math.abs(l.dx()), Math.max(Math.abs(l.dy()), Math.abs(l.dz()))));
        }
        return r;
    }

    /**
     * Whether a load is off the axes (two or more nonzero offsets, such as u[1,1]): such a stencil reads
     * the ghost cells of rows (planes) next to a band's own, not only their interior.
     */
    public boolean readsDiagonals() {
        for (Node.Load l : loads()) {
            int nonzero = (l.dx() != 0 ? 1 : 0) + (l.dy() != 0 ? 1 : 0) + (l.dz() != 0 ? 1 : 0);
            if (nonzero > 1) {
                return true;
            }
        }
        return false;
    }

    /** Whether the cell index along {@code axis} is used (positions, or ix/iy/iz). */
    public boolean usesIndex(int axis) {
        for (Node n : topologicalOrder()) {
            if (n instanceof Node.Index i && i.axis() == axis) {
                return true;
            }
        }
        return false;
    }

    /** The noise streams used, ascending. */
    public List<Integer> streams() {
        Set<Integer> s = new TreeSet<>();
        for (Node n : topologicalOrder()) {
            if (n instanceof Node.Rand r) {
                s.add(r.stream());
            }
        }
        return List.copyOf(s);
    }

    /** Whether each cell's value depends on where it is (an index, or noise keyed by its index). */
    public boolean positionDependent() {
        return usesIndex(0) || usesIndex(1) || usesIndex(2) || !streams().isEmpty();
    }

    /** Fields written by the roots that are per-field updates: which fields a load reads. */
    public Set<Integer> fieldsRead() {
        Set<Integer> f = new LinkedHashSet<>();
        for (Node.Load l : loads()) {
            f.add(l.field());
        }
        return f;
    }
}
