package dev.jstencil.codegen;

import dev.jstencil.codegen.Node.Binary;
import dev.jstencil.codegen.Node.BinaryOp;
import dev.jstencil.codegen.Node.Const;
import dev.jstencil.grid.Precision;
import dev.jstencil.model.Expr;
import dev.jstencil.model.ExprText;
import dev.jstencil.model.Model;
import dev.jstencil.model.ModelException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers a checked {@link Model} for one grid dimension and precision into the {@link Node} trees
 * every backend evaluates:
 * <ul>
 *   <li>names resolve to loads, parameters, settings, grid sizes and cell indices; lets are inlined;
 *       x = ix/nx (and y, z); in 2D iz = 0 and nz = 1;</li>
 *   <li>{@code lap(f)} = ((f[0,-1] + f[0,1]) + (f[-1,0] + f[1,0]) [+ (f[0,0,-1] + f[0,0,1])] - 2d*f) * (1/(h*h)),
 *       the operation order of the hand-written Gray-Scott kernels it replaced;</li>
 *   <li>each field's update is {@code f + dt*rate};</li>
 *   <li>every largest subexpression of constants, parameters, dt, h and grid sizes becomes a {@link
 *       Node.Slot}: computed once per run in f64 and rounded to the precision (so 1/(h*h) and F + k
 *       round as the hand-written kernels did, and an f32 run does not recompute them per cell);</li>
 *   <li>{@code exp} and {@code floor} are written out ({@link Expansions}); equal subtrees are shared.</li>
 * </ul>
 * Evaluation order within an expression is the order written: a - b - c is (a - b) - c.
 */
public final class Lowering {
    private final Model model;
    private final int dims;
    private final Precision precision;
    private final Expansions expansions;
    private final Expansions f64Expansions = new Expansions(Precision.F64);
    private final Interner interner = new Interner();
    private final List<Node> slots = new ArrayList<>();
    private final List<Lowered.SlotSource> slotSources = new ArrayList<>();
    private final Map<Node, Integer> slotOf = new IdentityHashMap<>();
    private final Map<Integer, Lowered.SlotSource> divisors = new HashMap<>();
    private final Map<Node, Node> cellMemo = new IdentityHashMap<>();
    private final Map<Node, Boolean> invariantMemo = new IdentityHashMap<>();
    /** Where each raw node came from, for messages about slots. */
    private final Map<Node, Lowered.SlotSource> sourceOf = new IdentityHashMap<>();
    private final Map<String, Node> globalLets = new HashMap<>();
    /** Each division as written, for the per-run check that no divisor slot is 0. */
    private final Map<Node, Lowered.SlotSource> divisionSources = new IdentityHashMap<>();

    private Lowering(Model model, int dims, Precision precision) {
        if (dims != 2 && dims != 3) {
            throw new IllegalArgumentException("a grid is 2D or 3D, not " + dims + "D");
        }
        this.model = model;
        this.dims = dims;
        this.precision = precision;
        this.expansions = new Expansions(precision);
    }

    /** The per-cell update of every field, in field order: {@code f + dt*rate}, exactly as IEEE arithmetic gives it. */
    public static Lowered kernel(Model model, int dims, Precision precision) {
        return kernel(model, dims, precision, false);
    }

    /**
     * The per-cell update of every field, in field order: {@code f + dt*rate}; with {@code flushSubnormals},
     * a result whose magnitude is below the precision's smallest normal number is stored as +0:
     * {@code |next| < MIN_NORMAL ? 0 : next}, written into the tree with the operations every backend
     * already has, so it is the same in all of them. Subnormal numbers cost x86 cores ~6x per operation
     * and Java cannot set the CPU's flush-to-zero mode; flushing on store keeps them out of the fields.
     */
    public static Lowered kernel(Model model, int dims, Precision precision, boolean flushSubnormals) {
        Lowering l = new Lowering(model, dims, precision);
        requireDims(model, dims);
        List<Node> roots = new ArrayList<>();
        for (int f = 0; f < model.fields().size(); f++) {
            Node rate = l.raw(model.rates().get(f), Map.of());
            Node next = new Binary(BinaryOp.ADD, new Node.Load(f, 0, 0, 0), new Binary(BinaryOp.MUL,
                    new Node.Setting(Node.Setting.Name.DT), rate));
            if (flushSubnormals) {
                double minNormal = precision == Precision.F64 ? Double.MIN_NORMAL : Float.MIN_NORMAL;
                next = new Node.Select(new Node.Compare(Node.CompareOp.LT, new Node.Unary(Node.UnaryOp.ABS, next), new Const(minNormal)),
                        new Const(0), next);
            }
            roots.add(l.finish(next));
        }
        return l.result(roots, flushSubnormals);
    }

    /** The initial value of every field under {@code init}, in f64 (values are rounded to the precision when stored). */
    public static Lowered init(Model model, Model.Init init, int dims) {
        Lowering l = new Lowering(model, dims, Precision.F64);
        Map<String, Node> local = new HashMap<>();
        for (Model.Let let : init.lets()) {
            local.put(let.name(), l.raw(let.expr(), local));
        }
        List<Node> roots = new ArrayList<>();
        for (Expr value : init.values()) {
            roots.add(l.finish(l.raw(value, local)));
        }
        return l.result(roots, false);
    }

    private static void requireDims(Model model, int dims) {
        if (model.offsetDims() != 0 && model.offsetDims() != dims) {
            throw new ModelException(model.offsetPos(), "model " + model.name() + " reads neighbours with " + model.offsetDims()
                    + " offsets (f[dx,dy" + (model.offsetDims() == 3 ? ",dz" : "") + "]), so it runs on a " + model.offsetDims()
                    + "D grid, not a " + dims + "D one");
        }
    }

    private Lowered result(List<Node> roots, boolean flushesSubnormals) {
        return new Lowered(precision, dims, model.fields().size(), slots, slotSources, roots, divisors, flushesSubnormals);
    }

    private Node finish(Node raw) {
        return interner.intern(cell(raw));
    }

    // ---- model syntax -> raw nodes (macros and invariant leaves still in) ----------------------------

    private Node raw(Expr e, Map<String, Node> localLets) {
        Node n = switch (e) {
            case Expr.Num num -> new Const(num.value());
            case Expr.Name name -> name(name, localLets);
            case Expr.Neighbour nb -> neighbour(nb);
            case Expr.Call c -> call(c, localLets);
            case Expr.Unary u -> switch (u.op()) {
                case "-" -> new Node.Unary(Node.UnaryOp.NEG, raw(u.operand(), localLets));
                case "+" -> raw(u.operand(), localLets);
                case "!" -> new Node.Not(raw(u.operand(), localLets));
                default -> throw new IllegalStateException("unary " + u.op());
            };
            case Expr.Binary b -> binary(b, localLets);
            case Expr.Conditional c -> new Node.Select(raw(c.condition(), localLets), raw(c.ifTrue(), localLets),
                    raw(c.ifFalse(), localLets));
        };
        sourceOf.putIfAbsent(n, new Lowered.SlotSource(e.pos(), ExprText.of(e)));
        return n;
    }

    private Node name(Expr.Name n, Map<String, Node> localLets) {
        String id = n.name();
        int field = model.fieldIndex(id);
        if (field >= 0) {
            return new Node.Load(field, 0, 0, 0);
        }
        int param = model.paramIndex(id);
        if (param >= 0) {
            return new Node.Param(param);
        }
        if (localLets.containsKey(id)) {
            return localLets.get(id);
        }
        for (Model.Let let : model.lets()) {
            if (let.name().equals(id)) {
                Node lowered = globalLets.get(id);
                if (lowered == null) {
                    lowered = raw(let.expr(), Map.of());
                    globalLets.put(id, lowered);
                }
                return lowered;
            }
        }
        return switch (id) {
            case "dt" -> new Node.Setting(Node.Setting.Name.DT);
            case "h" -> new Node.Setting(Node.Setting.Name.H);
            case "pi" -> new Const(Math.PI);
            case "nx" -> new Node.GridSize(0);
            case "ny" -> new Node.GridSize(1);
            case "nz" -> dims == 3 ? new Node.GridSize(2) : new Const(1);
            case "ix" -> new Node.Index(0);
            case "iy" -> new Node.Index(1);
            case "iz" -> dims == 3 ? new Node.Index(2) : new Const(0);
            case "x" -> position(0);
            case "y" -> position(1);
            case "z" -> position(2);
            default -> throw new ModelException(n.pos(), "unknown name '" + id + "'"); // the checker let it through: a bug
        };
    }

    /** ix/nx, iy/ny, iz/nz: positions in [0, 1). */
    private Node position(int axis) {
        if (axis == 2 && dims == 2) {
            return new Binary(BinaryOp.DIV, new Const(0), new Const(1));
        }
        return new Binary(BinaryOp.DIV, new Node.Index(axis), new Node.GridSize(axis));
    }

    private Node neighbour(Expr.Neighbour nb) {
        int field = model.fieldIndex(nb.field());
        List<Integer> o = nb.offsets();
        if (o.size() != dims) {
            throw new ModelException(nb.pos(), ExprText.of(nb) + " has " + o.size() + " offsets, but the grid is " + dims
                    + "D: write " + nb.field() + (dims == 2 ? "[dx,dy]" : "[dx,dy,dz]"));
        }
        return new Node.Load(field, o.get(0), o.get(1), dims == 3 ? o.get(2) : 0);
    }

    private Node call(Expr.Call c, Map<String, Node> localLets) {
        return switch (c.function()) {
            case "lap" -> laplacian(model.fieldIndex(((Expr.Name) c.args().getFirst()).name()));
            case "min" -> new Binary(BinaryOp.MIN, raw(c.args().get(0), localLets), raw(c.args().get(1), localLets));
            case "max" -> new Binary(BinaryOp.MAX, raw(c.args().get(0), localLets), raw(c.args().get(1), localLets));
            case "abs" -> new Node.Unary(Node.UnaryOp.ABS, raw(c.args().getFirst(), localLets));
            case "sqrt" -> new Node.Unary(Node.UnaryOp.SQRT, raw(c.args().getFirst(), localLets));
            case "exp" -> new Node.Exp(raw(c.args().getFirst(), localLets));
            case "floor" -> new Node.Floor(raw(c.args().getFirst(), localLets));
            case "rand" -> new Node.Rand(model.streamOf(c));
            default -> throw new ModelException(c.pos(), "unknown function '" + c.function() + "'");
        };
    }

    private Node laplacian(int f) {
        Node sum = new Binary(BinaryOp.ADD,
                new Binary(BinaryOp.ADD, new Node.Load(f, 0, -1, 0), new Node.Load(f, 0, 1, 0)),
                new Binary(BinaryOp.ADD, new Node.Load(f, -1, 0, 0), new Node.Load(f, 1, 0, 0)));
        if (dims == 3) {
            sum = new Binary(BinaryOp.ADD, sum, new Binary(BinaryOp.ADD, new Node.Load(f, 0, 0, -1), new Node.Load(f, 0, 0, 1)));
        }
        Node centre = new Binary(BinaryOp.MUL, new Const(2 * dims), new Node.Load(f, 0, 0, 0));
        Node h = new Node.Setting(Node.Setting.Name.H);
        Node inverseH2 = new Binary(BinaryOp.DIV, new Const(1), new Binary(BinaryOp.MUL, h, h));
        return new Binary(BinaryOp.MUL, new Binary(BinaryOp.SUB, sum, centre), inverseH2);
    }

    private Node binary(Expr.Binary b, Map<String, Node> localLets) {
        Node l = raw(b.left(), localLets), r = raw(b.right(), localLets);
        Node n = switch (b.op()) {
            case "+" -> new Binary(BinaryOp.ADD, l, r);
            case "-" -> new Binary(BinaryOp.SUB, l, r);
            case "*" -> new Binary(BinaryOp.MUL, l, r);
            case "/" -> new Binary(BinaryOp.DIV, l, r);
            case "<" -> new Node.Compare(Node.CompareOp.LT, l, r);
            case "<=" -> new Node.Compare(Node.CompareOp.LE, l, r);
            case ">" -> new Node.Compare(Node.CompareOp.GT, l, r);
            case ">=" -> new Node.Compare(Node.CompareOp.GE, l, r);
            case "==" -> new Node.Compare(Node.CompareOp.EQ, l, r);
            case "!=" -> new Node.Compare(Node.CompareOp.NE, l, r);
            case "&&" -> new Node.Logic(true, l, r);
            case "||" -> new Node.Logic(false, l, r);
            default -> throw new IllegalStateException("binary " + b.op());
        };
        if (n instanceof Binary div && div.op() == BinaryOp.DIV) {
            divisionSources.put(div, new Lowered.SlotSource(b.pos(), ExprText.of(b.right())));
        }
        return n;
    }

    // ---- raw nodes -> per-cell nodes over slots ---------------------------------------------------------

    /** Whether a raw node depends only on constants, parameters, settings and grid sizes. */
    private boolean invariant(Node n) {
        Boolean memo = invariantMemo.get(n);
        if (memo != null) {
            return memo;
        }
        boolean result = switch (n) {
            case Const c -> true;
            case Node.Param p -> true;
            case Node.Setting s -> true;
            case Node.GridSize g -> true;
            case Node.Slot s -> false; // already lowered: not raw
            case Node.Load l -> false;
            case Node.Index i -> false;
            case Node.Rand r -> false;
            default -> Lowered.children(n).stream().allMatch(this::invariant);
        };
        invariantMemo.put(n, result);
        return result;
    }

    private Node cell(Node n) {
        Node memo = cellMemo.get(n);
        if (memo != null) {
            return memo;
        }
        Node result;
        if (n.numeric() && invariant(n)) {
            result = slot(n);
        } else {
            result = switch (n) {
                case Node.Exp e -> cell(expansions.exp(cell(e.a())));
                case Node.Floor f -> cell(expansions.floor(cell(f.a())));
                case Node.Unary u -> new Node.Unary(u.op(), cell(u.a()));
                case Binary b -> {
                    Binary lowered = new Binary(b.op(), cell(b.a()), cell(b.b()));
                    Lowered.SlotSource src = divisionSources.get(b);
                    if (b.op() == BinaryOp.DIV && src != null && lowered.b() instanceof Node.Slot s) {
                        divisors.putIfAbsent(s.index(), src);
                    }
                    yield lowered;
                }
                case Node.Compare c -> new Node.Compare(c.op(), cell(c.a()), cell(c.b()));
                case Node.Logic l -> new Node.Logic(l.and(), cell(l.a()), cell(l.b()));
                case Node.Not x -> new Node.Not(cell(x.a()));
                case Node.Select s -> new Node.Select(cell(s.condition()), cell(s.ifTrue()), cell(s.ifFalse()));
                case Node.Pow2 p -> new Node.Pow2(cell(p.k()));
                default -> n; // Load, Index, Rand, Slot
            };
        }
        cellMemo.put(n, result);
        return result;
    }

    /** The slot holding invariant {@code n} (exp and floor in it written out in f64), shared by equal trees. */
    private Node slot(Node n) {
        Node tree = interner.intern(expandF64(n, new IdentityHashMap<>()));
        Integer index = slotOf.get(tree);
        if (index == null) {
            index = slots.size();
            slots.add(tree);
            slotSources.add(sourceOf.get(n));
            slotOf.put(tree, index);
        }
        return new Node.Slot(index);
    }

    private Node expandF64(Node n, Map<Node, Node> memo) {
        Node done = memo.get(n);
        if (done != null) {
            return done;
        }
        Node result = switch (n) {
            case Node.Exp e -> expandF64(f64Expansions.exp(expandF64(e.a(), memo)), memo);
            case Node.Floor f -> expandF64(f64Expansions.floor(expandF64(f.a(), memo)), memo);
            case Node.Unary u -> new Node.Unary(u.op(), expandF64(u.a(), memo));
            case Binary b -> new Binary(b.op(), expandF64(b.a(), memo), expandF64(b.b(), memo));
            case Node.Compare c -> new Node.Compare(c.op(), expandF64(c.a(), memo), expandF64(c.b(), memo));
            case Node.Logic l -> new Node.Logic(l.and(), expandF64(l.a(), memo), expandF64(l.b(), memo));
            case Node.Not x -> new Node.Not(expandF64(x.a(), memo));
            case Node.Select s -> new Node.Select(expandF64(s.condition(), memo), expandF64(s.ifTrue(), memo),
                    expandF64(s.ifFalse(), memo));
            case Node.Pow2 p -> new Node.Pow2(expandF64(p.k(), memo));
            default -> n;
        };
        memo.put(n, result);
        return result;
    }
}
