package dev.jstencil.codegen;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.jstencil.grid.Precision;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a model's per-cell trees as a Vector API loop, in JVM bytecode (the ClassFile API), in the
 * shape of the hand-written kernels it replaced: one long loop over byte offsets of native
 * segments, one vector per iteration, centre loads aligned and x neighbours as unaligned loads at
 * ±k elements, row and plane neighbours at offsets held in locals, every coefficient a vector loaded
 * from an array before the loop (so C2 keeps it in a register instead of re-broadcasting a scalar
 * at each use), species and byte order in {@code static final} fields (constants to C2). No scalar
 * tail: the loop runs to the next vector boundary, inside the row padding the field layout keeps.
 *
 * <p>The generated class implements {@code dev.jstencil.kernel.vector.VectorSweep}:
 * <pre>
 *   void sweep(MemorySegment[] in, MemorySegment[] out, long from, long length, long stride, long count, long dOut,
 *              long[] rowDeltas, Object[] tables, long cell0, long cellsPerStride, long iy0, long iz0,
 *              long vectorsPerRow, long nx)
 * </pre>
 * For r in [0, count), it computes the cells at byte offsets o in [from + r*stride, from + r*stride +
 * length), a stretch of whole rows, of the {@code in} fields into offset o + dOut of the {@code out}
 * fields, one vector per iteration; a load of row (dy, dz) reads o + rowDeltas[i] (i: its index in
 * {@link Lowered#rowShifts()}). {@code tables} are the arrays {@link Tables} describes. A caller sweeps a
 * 2D band, or each plane of a 3D slab, as one stretch through the row padding: long loops, which
 * JDK 25 runs much faster than a short loop per row (JDK-8342692). Skipping the padding instead
 * (moving the offset on at each row's end) made the loop uncounted: C2 then checks every load's
 * bounds, which cost more than the padding vectors it saved; a counted loop per row that skips it
 * was 15-20% slower on 64-wide 3D grids (gray-scott-3d, 64^3, 1 thread, f32 and f64).
 *
 * <p>A model that reads positions or noise needs each lane's cell: the rest of the arguments say
 * where stretch r is (its first row is iy0, its plane iz0 + r, its first cell's global index cell0 +
 * r*cellsPerStride; a row is {@code vectorsPerRow} vectors, of which the first hold its {@code nx}
 * cells). Rows start on 64-byte boundaries and vectors are at most 64 bytes, so a vector never
 * straddles two rows; the loop counts vectors within the row and moves to the next row's cells after
 * {@code vectorsPerRow} of them. That bookkeeping is scalar and off the vector computation's critical
 * path: finding each vector's row by a division instead (a chain of int-float conversions per vector)
 * made the noisy 3D Gray-Scott 30% slower.
 *
 * <p>With a {@link Layout}, the row deltas, the row length and the vectors per row are constants in
 * the code and the arguments for them are ignored: a 3D model reads up to six rows and planes per
 * field, and as locals their deltas and the segment bases outnumber C2's registers, so the loop
 * reloaded them from the stack every vector. */
public final class VectorSweepGenerator {
    /** Name of the interface the generated class implements. */
    public static final String INTERFACE = "dev.jstencil.kernel.vector.VectorSweep";
    /** Methods over 8000 bytes of bytecode are never compiled by HotSpot (HugeMethodLimit). */
    public static final int HUGE_METHOD_LIMIT = 8000;

    private static final ClassDesc VECTOR = ClassDesc.of("jdk.incubator.vector.Vector");
    private static final ClassDesc LONG_VECTOR = ClassDesc.of("jdk.incubator.vector.LongVector");
    private static final ClassDesc INT_VECTOR = ClassDesc.of("jdk.incubator.vector.IntVector");
    private static final ClassDesc MASK = ClassDesc.of("jdk.incubator.vector.VectorMask");
    private static final ClassDesc SPECIES = ClassDesc.of("jdk.incubator.vector.VectorSpecies");
    private static final ClassDesc SHAPE = ClassDesc.of("jdk.incubator.vector.VectorShape");
    private static final ClassDesc OPERATORS = ClassDesc.of("jdk.incubator.vector.VectorOperators");
    private static final ClassDesc OP_BINARY = ClassDesc.of("jdk.incubator.vector.VectorOperators$Binary");
    private static final ClassDesc OP_ASSOCIATIVE = ClassDesc.of("jdk.incubator.vector.VectorOperators$Associative");
    private static final ClassDesc OP_COMPARISON = ClassDesc.of("jdk.incubator.vector.VectorOperators$Comparison");
    private static final ClassDesc OP_CONVERSION = ClassDesc.of("jdk.incubator.vector.VectorOperators$Conversion");
    private static final ClassDesc SEGMENT = ClassDesc.of("java.lang.foreign.MemorySegment");
    private static final ClassDesc BYTE_ORDER = ClassDesc.of("java.nio.ByteOrder");
    private static final ClassDesc CD_Class = ClassDesc.of("java.lang.Class");

    /** The arrays a generated sweep reads its constants from, entry by entry (each entry one vector's lanes). */
    public record Tables(int lanes, int longLanes, List<Entry> coefficients, List<Entry> longs, List<Entry> ints) {
        /** What one entry holds. */
        public sealed interface Entry {
        }

        /** Model slot {@code index}, in every lane. */
        public record SlotEntry(int index) implements Entry {
        }

        /** A number in every lane. */
        public record ConstEntry(double value) implements Entry {
        }

        /** Lane j holds j. */
        public record IotaEntry() implements Entry {
        }

        /** A long in every lane. */
        public record LongConstEntry(long value) implements Entry {
        }

        /** Lane j holds (part * longLanes + j) * GOLDEN: the per-lane start of the noise counter. */
        public record IotaGoldenEntry(int part) implements Entry {
        }

        /** The step's noise key of stream {@code stream}, in every lane (filled per step). */
        public record KeyEntry(int stream) implements Entry {
        }
    }

    /** A generated class: its bytes, its binary name and the tables its sweep reads. */
    public record Generated(String className, byte[] bytes, Tables tables, int sweepBytecodeSize) {
    }

    private final Lowered lowered;
    private final Precision precision;
    private final int bits;
    private final int lanes;
    private final int elementBytes;
    private final int longLanes;
    private final int parts;
    private final ClassDesc type;      // DoubleVector or FloatVector
    private final ClassDesc array;     // double[] or float[]
    private final ClassDesc self;
    private final MethodTypeDesc vv;   // (Vector)T
    private final List<Node> order;
    private final Map<Node, Integer> uses = new IdentityHashMap<>();
    private final List<Tables.Entry> coefficients = new ArrayList<>();
    private final List<Tables.Entry> longs = new ArrayList<>();
    private final List<Tables.Entry> ints = new ArrayList<>();
    private final Layout layout; // null: row deltas and row geometry are read from the arguments

    /**
     * @param vectorBits the species' width (256 or 512)
     * @param maxBits    the widest vector this CPU has (long vectors for noise are at most this wide)
     */
    private VectorSweepGenerator(Lowered lowered, int vectorBits, int maxBits, Layout layout, String className) {
        this.lowered = lowered;
        if (layout != null && layout.rowDeltas().size() != lowered.rowShifts().size()) {
            throw new IllegalArgumentException(layout.rowDeltas().size() + " row deltas for " + lowered.rowShifts().size() + " row shifts");
        }
        this.layout = layout;
        this.precision = lowered.precision();
        this.bits = vectorBits;
        this.elementBytes = precision.bytes();
        this.lanes = vectorBits / 8 / elementBytes;
        this.longLanes = Math.min(lanes * 64, maxBits) / 64;
        this.parts = lanes / longLanes;
        this.type = ClassDesc.of(precision == Precision.F64 ? "jdk.incubator.vector.DoubleVector" : "jdk.incubator.vector.FloatVector");
        this.array = precision == Precision.F64 ? ClassDesc.ofDescriptor("[D") : ClassDesc.ofDescriptor("[F");
        this.self = ClassDesc.of(className);
        this.vv = MethodTypeDesc.of(type, VECTOR);
        this.order = lowered.topologicalOrder();
        for (Node root : lowered.roots()) {
            uses.merge(root, 1, Integer::sum);
        }
        for (Node n : order) {
            for (Node c : Lowered.children(n)) {
                uses.merge(c, 1, Integer::sum);
            }
        }
    }

    /** Generates the sweep class for {@code lowered} (a kernel's per-field updates), reading row deltas from its argument. */
    public static Generated generate(Lowered lowered, int vectorBits, int maxBits) {
        return generate(lowered, vectorBits, maxBits, null);
    }

    /**
     * Generates the sweep class for {@code lowered} specialised for fields laid out as {@code layout}
     * (see the class comment), or reading the layout from its arguments if {@code layout} is null.
     */
    public static Generated generate(Lowered lowered, int vectorBits, int maxBits, Layout layout) {
        String name = "dev.jstencil.kernel.vector.GeneratedSweep";
        return new VectorSweepGenerator(lowered, vectorBits, maxBits, layout, name).build(name);
    }

    /**
     * A field layout a sweep can be specialised for.
     *
     * @param rowDeltas the byte distance to the row (dy, dz) of each of the model's row shifts
     * @param rowBytes  the distance from one row to the next
     * @param nx        the cells in a row
     */
    public record Layout(List<Long> rowDeltas, long rowBytes, int nx) {
        public Layout {
            rowDeltas = List.copyOf(rowDeltas);
        }
    }

    // ---- tables ---------------------------------------------------------------------------------------

    private int entry(List<Tables.Entry> table, Tables.Entry e) {
        int i = table.indexOf(e);
        if (i < 0) {
            table.add(e);
            i = table.size() - 1;
        }
        return i;
    }

    private Tables tables() {
        return new Tables(lanes, longLanes, List.copyOf(coefficients), List.copyOf(longs), List.copyOf(ints));
    }

    // ---- the class ------------------------------------------------------------------------------------

    private Generated build(String className) {
        int[] sweepSize = new int[1];
        byte[] bytes = ClassFile.of().build(self, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SUPER);
            cb.withInterfaceSymbols(ClassDesc.of(INTERFACE));
            int finalStatic = ClassFile.ACC_PRIVATE | ClassFile.ACC_STATIC | ClassFile.ACC_FINAL;
            cb.withField("S", SPECIES, finalStatic);
            cb.withField("LS", SPECIES, finalStatic);
            cb.withField("IS", SPECIES, finalStatic);
            cb.withField("ORDER", BYTE_ORDER, finalStatic);
            cb.withMethodBody("<clinit>", MethodTypeDesc.of(CD_void), ClassFile.ACC_STATIC, code -> {
                species(code, precision == Precision.F64 ? "java.lang.Double" : "java.lang.Float", bits, "S");
                species(code, "java.lang.Long", longLanes * 64, "LS");
                species(code, "java.lang.Integer", bits, "IS");
                code.invokestatic(BYTE_ORDER, "nativeOrder", MethodTypeDesc.of(BYTE_ORDER));
                code.putstatic(self, "ORDER", BYTE_ORDER);
                code.return_();
            });
            cb.withMethodBody("<init>", MethodTypeDesc.of(CD_void), ClassFile.ACC_PUBLIC, code -> {
                code.aload(0);
                code.invokespecial(CD_Object, "<init>", MethodTypeDesc.of(CD_void));
                code.return_();
            });
            MethodTypeDesc sweep = MethodTypeDesc.of(CD_void, SEGMENT.arrayType(), SEGMENT.arrayType(), CD_long, CD_long,
                    CD_long, CD_long, CD_long, CD_long.arrayType(), CD_Object.arrayType(), CD_long, CD_long, CD_long, CD_long,
                    CD_long, CD_long);
            cb.withMethod("sweep", sweep, ClassFile.ACC_PUBLIC, mb -> mb.withCode(code -> new SweepEmitter(code).emit()));
        });
        sweepSize[0] = ClassFile.of().parse(bytes).methods().stream().filter(m -> m.methodName().equalsString("sweep"))
                .findFirst().orElseThrow().findAttribute(java.lang.classfile.Attributes.code()).orElseThrow().codeLength();
        return new Generated(className, bytes, tables(), sweepSize[0]);
    }

    private void species(CodeBuilder code, String boxClass, int speciesBits, String field) {
        code.getstatic(ClassDesc.of(boxClass), "TYPE", CD_Class);
        code.loadConstant(speciesBits);
        code.invokestatic(SHAPE, "forBitSize", MethodTypeDesc.of(SHAPE, CD_int));
        code.invokestatic(SPECIES, "of", MethodTypeDesc.of(SPECIES, CD_Class, SHAPE), true);
        code.putstatic(self, field, SPECIES);
    }

    /** Emits the sweep method: prologue (locals, constant vectors), the loop, stores. */
    private final class SweepEmitter {
        private static final int IN = 1, OUT = 2, FROM = 3, LENGTH = 5, STRIDE = 7, COUNT = 9, D_OUT = 11, ROW_DELTAS = 13,
                TABLES = 14, CELL0 = 15, CELLS_PER_STRIDE = 17, IY0 = 19, IZ0 = 21, VECTORS_PER_ROW = 23, NX = 25;
        private final CodeBuilder code;
        private final Map<Integer, Integer> inSegments = new LinkedHashMap<>();
        private final Map<Integer, Integer> outSegments = new LinkedHashMap<>();
        private final Map<List<Integer>, Integer> rowDeltaLocals = new LinkedHashMap<>();
        private final Map<Integer, Integer> coefficientLocals = new LinkedHashMap<>();
        private final Map<Integer, Integer> longLocals = new LinkedHashMap<>();
        private final Map<Integer, Integer> intLocals = new LinkedHashMap<>();
        private final Map<Node, Integer> valueLocals = new IdentityHashMap<>();
        private int offset;      // long local o
        private int stretch;     // long local r
        private int vectorInRow = -1, rowInStretch = -1; // which vector of which row of the stretch (long locals)
        private int rowGolden = -1;                         // GOLDEN * (the row's first cell)
        private int xIndex = -1, yIndex = -1, zIndex = -1; // index vectors of the current vector's lanes
        private int[] counter;   // noise counters (cell * GOLDEN per lane), one per part, carried from vector to vector

        SweepEmitter(CodeBuilder code) {
            this.code = code;
        }

        void emit() {
            planTables();
            int coef = code.allocateLocal(TypeKind.REFERENCE);
            code.aload(TABLES).loadConstant(0).aaload().checkcast(array).astore(coef);
            int longTable = -1, intTable = -1;
            if (!longs.isEmpty()) {
                longTable = code.allocateLocal(TypeKind.REFERENCE);
                code.aload(TABLES).loadConstant(1).aaload().checkcast(CD_long.arrayType()).astore(longTable);
            }
            if (!ints.isEmpty()) {
                intTable = code.allocateLocal(TypeKind.REFERENCE);
                code.aload(TABLES).loadConstant(2).aaload().checkcast(CD_int.arrayType()).astore(intTable);
            }
            for (Node.Load l : lowered.loads()) {
                inSegments.computeIfAbsent(l.field(), f -> arrayElement(IN, f));
            }
            for (int f = 0; f < lowered.roots().size(); f++) {
                outSegments.put(f, arrayElement(OUT, f));
            }
            List<int[]> shifts = lowered.rowShifts();
            for (int i = 0; i < shifts.size() && layout == null; i++) {
                int local = code.allocateLocal(TypeKind.LONG);
                code.aload(ROW_DELTAS).loadConstant(i).laload().lstore(local);
                rowDeltaLocals.put(List.of(shifts.get(i)[0], shifts.get(i)[1]), local);
            }
            for (int e = 0; e < coefficients.size(); e++) {
                int local = code.allocateLocal(TypeKind.REFERENCE);
                code.getstatic(self, "S", SPECIES).aload(coef).loadConstant(e * lanes);
                code.invokestatic(type, "fromArray", MethodTypeDesc.of(type, SPECIES, array, CD_int)).astore(local);
                coefficientLocals.put(e, local);
            }
            for (int e = 0; e < longs.size(); e++) {
                int local = code.allocateLocal(TypeKind.REFERENCE);
                code.getstatic(self, "LS", SPECIES).aload(longTable).loadConstant(e * longLanes);
                code.invokestatic(LONG_VECTOR, "fromArray", MethodTypeDesc.of(LONG_VECTOR, SPECIES, CD_long.arrayType(), CD_int)).astore(local);
                longLocals.put(e, local);
            }
            for (int e = 0; e < ints.size(); e++) {
                int local = code.allocateLocal(TypeKind.REFERENCE);
                code.getstatic(self, "IS", SPECIES).aload(intTable).loadConstant(e * lanes);
                code.invokestatic(INT_VECTOR, "fromArray", MethodTypeDesc.of(INT_VECTOR, SPECIES, CD_int.arrayType(), CD_int)).astore(local);
                intLocals.put(e, local);
            }
            boolean positions = lowered.positionDependent();
            stretch = code.allocateLocal(TypeKind.LONG);
            offset = code.allocateLocal(TypeKind.LONG);
            int end = code.allocateLocal(TypeKind.LONG);
            if (positions) {
                vectorInRow = code.allocateLocal(TypeKind.LONG);
                rowInStretch = code.allocateLocal(TypeKind.LONG);
                rowGolden = code.allocateLocal(TypeKind.LONG);
                xIndex = lowered.usesIndex(0) ? code.allocateLocal(TypeKind.REFERENCE) : -1;
                yIndex = lowered.usesIndex(1) ? code.allocateLocal(TypeKind.REFERENCE) : -1;
                zIndex = lowered.usesIndex(2) ? code.allocateLocal(TypeKind.REFERENCE) : -1;
                if (!lowered.streams().isEmpty()) {
                    counter = new int[parts];
                    for (int p = 0; p < parts; p++) {
                        counter[p] = code.allocateLocal(TypeKind.REFERENCE);
                    }
                }
            }
            Label stretches = code.newLabel(), stretchesDone = code.newLabel(), top = code.newLabel(), stretchDone = code.newLabel();
            code.loadConstant(0L).lstore(stretch);
            code.labelBinding(stretches);
            code.lload(stretch).lload(COUNT).lcmp().ifge(stretchesDone);
            code.lload(FROM).lload(stretch).lload(STRIDE).lmul().ladd().lstore(offset);
            code.lload(offset).lload(LENGTH).ladd().lstore(end);
            if (positions) {
                stretchStarts();
            }
            code.labelBinding(top);
            code.lload(offset).lload(end).lcmp().ifge(stretchDone);
            if (positions) {
                lanePositions();
            }
            // Every load before the first store: C2 keeps memory operations in program order where
            // segments may alias, so a load written after a store could not be scheduled before it.
            for (Node.Load l : lowered.loads()) {
                int local = code.allocateLocal(TypeKind.REFERENCE);
                load(l);
                code.astore(local);
                valueLocals.put(l, local);
            }
            for (int f = 0; f < lowered.roots().size(); f++) {
                value(lowered.roots().get(f));
                code.aload(outSegments.get(f)).lload(offset).lload(D_OUT).ladd().getstatic(self, "ORDER", BYTE_ORDER);
                code.invokevirtual(type, "intoMemorySegment", MethodTypeDesc.of(CD_void, SEGMENT, CD_long, BYTE_ORDER));
            }
            code.lload(offset).loadConstant((long) bits / 8).ladd().lstore(offset);
            if (positions) {
                nextVector();
            }
            code.goto_(top);
            code.labelBinding(stretchDone);
            code.lload(stretch).loadConstant(1L).ladd().lstore(stretch);
            code.goto_(stretches);
            code.labelBinding(stretchesDone);
            code.return_();
        }

        private int arrayElement(int arrayLocal, int index) {
            int local = code.allocateLocal(TypeKind.REFERENCE);
            code.aload(arrayLocal).loadConstant(index).aaload().astore(local);
            return local;
        }

        /** Decides every table entry before the prologue loads them. */
        private void planTables() {
            for (Node n : order) {
                switch (n) {
                    case Node.Slot s -> entry(coefficients, new Tables.SlotEntry(s.index()));
                    case Node.Index i -> {
                        if (i.axis() == 0) {
                            entry(coefficients, new Tables.IotaEntry());
                        }
                    }
                    case Node.Rand r -> {
                        entry(longs, new Tables.LongConstEntry(Noise.M1));
                        entry(longs, new Tables.LongConstEntry(Noise.M2));
                        for (int p = 0; p < parts; p++) {
                            entry(longs, new Tables.IotaGoldenEntry(p));
                        }
                        entry(longs, new Tables.KeyEntry(lowered.streams().indexOf(r.stream())));
                        entry(longs, new Tables.LongConstEntry((long) lanes * Noise.GOLDEN));
                        entry(coefficients, new Tables.ConstEntry(precision == Precision.F64 ? 0x1p-52 : 0x1p-23));
                        entry(coefficients, new Tables.ConstEntry(1.0));
                    }
                    case Node.Pow2 p -> {
                        entry(coefficients, new Tables.ConstEntry(precision == Precision.F64 ? 0x1.8p52 : 0x1.8p23));
                        if (precision == Precision.F64) {
                            entry(longs, new Tables.LongConstEntry(1023));
                        } else {
                            entry(ints, new Tables.LongConstEntry(127));
                        }
                    }
                    default -> {
                    }
                }
            }
        }

        private int coefficient(Tables.Entry e) {
            return coefficientLocals.get(coefficients.indexOf(e));
        }

        private int longVector(Tables.Entry e) {
            return longLocals.get(longs.indexOf(e));
        }

        /** Stretch r starts at vector 0 of its row 0; its plane's z index vector. */
        private void stretchStarts() {
            code.loadConstant(0L).dup2().lstore(vectorInRow).lstore(rowInStretch);
            code.lload(CELL0).lload(stretch).lload(CELLS_PER_STRIDE).lmul().ladd().loadConstant(Noise.GOLDEN).lmul().lstore(rowGolden);
            rowCounters();
            if (zIndex >= 0) {
                broadcast(() -> code.lload(IZ0).lload(stretch).ladd());
                code.astore(zIndex);
            }
        }

        /** The index vectors and noise counters of the current vector's lanes. */
        private void lanePositions() {
            if (xIndex >= 0) {
                code.aload(coefficient(new Tables.IotaEntry()));
                broadcast(() -> code.lload(vectorInRow).loadConstant((long) lanes).lmul());
                code.invokevirtual(type, "add", vv).astore(xIndex);
            }
            if (yIndex >= 0) {
                broadcast(() -> code.lload(IY0).lload(rowInStretch).ladd());
                code.astore(yIndex);
            }
        }

        /**
         * The noise counters of a row's first vector. From there each vector adds lanes * GOLDEN: a
         * vector add carried in a register, instead of a scalar counter (which C2 kept on the stack)
         * broadcast and added to every vector.
         */
        private void rowCounters() {
            if (counter == null) {
                return;
            }
            for (int p = 0; p < parts; p++) {
                code.aload(longVector(new Tables.IotaGoldenEntry(p)));
                code.getstatic(self, "LS", SPECIES).lload(rowGolden);
                code.invokestatic(LONG_VECTOR, "broadcast", MethodTypeDesc.of(LONG_VECTOR, SPECIES, CD_long));
                code.invokevirtual(LONG_VECTOR, "add", MethodTypeDesc.of(LONG_VECTOR, VECTOR)).astore(counter[p]);
            }
        }

        /** The next vector: one column on, or the first vector of the next row after vectorsPerRow of them. */
        private void nextVector() {
            code.lload(vectorInRow).loadConstant(1L).ladd().lstore(vectorInRow);
            if (counter != null) {
                for (int p = 0; p < parts; p++) {
                    code.aload(counter[p]).aload(longVector(new Tables.LongConstEntry((long) lanes * Noise.GOLDEN)));
                    code.invokevirtual(LONG_VECTOR, "add", MethodTypeDesc.of(LONG_VECTOR, VECTOR)).astore(counter[p]);
                }
            }
            Label sameRow = code.newLabel();
            code.lload(vectorInRow);
            if (layout == null) {
                code.lload(VECTORS_PER_ROW);
            } else {
                code.loadConstant(layout.rowBytes() / (elementBytes * lanes));
            }
            code.lcmp().iflt(sameRow);
            code.loadConstant(0L).lstore(vectorInRow);
            code.lload(rowInStretch).loadConstant(1L).ladd().lstore(rowInStretch);
            code.lload(rowGolden);
            if (layout == null) {
                code.lload(NX);
            } else {
                code.loadConstant((long) layout.nx());
            }
            code.loadConstant(Noise.GOLDEN).lmul().ladd().lstore(rowGolden);
            rowCounters();
            code.labelBinding(sameRow);
        }

        /** A vector of the species with every lane the long {@code value} pushes, converted to the element type. */
        private void broadcast(Runnable value) {
            code.getstatic(self, "S", SPECIES);
            value.run();
            if (precision == Precision.F64) {
                code.l2d().invokestatic(type, "broadcast", MethodTypeDesc.of(type, SPECIES, java.lang.constant.ConstantDescs.CD_double));
            } else {
                code.l2f().invokestatic(type, "broadcast", MethodTypeDesc.of(type, SPECIES, java.lang.constant.ConstantDescs.CD_float));
            }
        }

        /** Pushes the value of {@code n}; a value used more than once is computed once into a local. */
        private void value(Node n) {
            Integer local = valueLocals.get(n);
            if (local != null) {
                code.aload(local);
                return;
            }
            compute(n);
            if (uses.getOrDefault(n, 0) > 1 && !(n instanceof Node.Slot) && !(n instanceof Node.Index)) {
                int l = code.allocateLocal(TypeKind.REFERENCE);
                code.dup().astore(l);
                valueLocals.put(n, l);
            }
        }

        private void compute(Node n) {
            switch (n) {
                case Node.Slot s -> code.aload(coefficient(new Tables.SlotEntry(s.index())));
                case Node.Load l -> load(l);
                case Node.Index i -> code.aload(i.axis() == 0 ? xIndex : i.axis() == 1 ? yIndex : zIndex);
                case Node.Rand r -> rand(r);
                case Node.Unary u -> {
                    value(u.a());
                    String method = switch (u.op()) {
                        case NEG -> "neg";
                        case ABS -> "abs";
                        case SQRT -> "sqrt";
                    };
                    code.invokevirtual(type, method, MethodTypeDesc.of(type));
                }
                case Node.Binary b -> {
                    value(b.a());
                    value(b.b());
                    String method = switch (b.op()) {
                        case ADD -> "add";
                        case SUB -> "sub";
                        case MUL -> "mul";
                        case DIV -> "div";
                        case MIN -> "min";
                        case MAX -> "max";
                    };
                    code.invokevirtual(type, method, vv);
                }
                case Node.Compare c -> {
                    value(c.a());
                    code.getstatic(OPERATORS, c.op().name(), OP_COMPARISON);
                    value(c.b());
                    code.invokevirtual(type, "compare", MethodTypeDesc.of(MASK, OP_COMPARISON, VECTOR));
                }
                case Node.Logic l -> {
                    value(l.a());
                    value(l.b());
                    code.invokevirtual(MASK, l.and() ? "and" : "or", MethodTypeDesc.of(MASK, MASK));
                }
                case Node.Not x -> {
                    value(x.a());
                    code.invokevirtual(MASK, "not", MethodTypeDesc.of(MASK));
                }
                case Node.Select s -> {
                    value(s.ifFalse());
                    value(s.ifTrue());
                    value(s.condition());
                    code.invokevirtual(type, "blend", MethodTypeDesc.of(type, VECTOR, MASK));
                }
                case Node.Pow2 p -> pow2(p);
                default -> throw new IllegalStateException("cannot generate vector code for " + n);
            }
        }

        private void load(Node.Load l) {
            code.getstatic(self, "S", SPECIES).aload(inSegments.get(l.field())).lload(offset);
            if ((l.dy() != 0 || l.dz() != 0) && layout != null) {
                code.loadConstant(layout.rowDeltas().get(rowShiftIndex(l.dy(), l.dz()))).ladd();
            } else if (l.dy() != 0 || l.dz() != 0) {
                code.lload(rowDeltaLocals.get(List.of(l.dy(), l.dz()))).ladd();
            }
            if (l.dx() != 0) {
                code.loadConstant((long) l.dx() * elementBytes).ladd();
            }
            code.getstatic(self, "ORDER", BYTE_ORDER);
            code.invokestatic(type, "fromMemorySegment", MethodTypeDesc.of(type, SPECIES, SEGMENT, CD_long, BYTE_ORDER));
        }

        private int rowShiftIndex(int dy, int dz) {
            List<int[]> shifts = lowered.rowShifts();
            for (int i = 0; i < shifts.size(); i++) {
                if (shifts.get(i)[0] == dy && shifts.get(i)[1] == dz) {
                    return i;
                }
            }
            throw new IllegalStateException("no row shift (" + dy + ", " + dz + ")");
        }

        private void lanewiseShift(String op, long count) {
            code.getstatic(OPERATORS, op, OP_BINARY).loadConstant(count);
            code.invokevirtual(LONG_VECTOR, "lanewise", MethodTypeDesc.of(LONG_VECTOR, OP_BINARY, CD_long));
        }

        /** z ^= z >>> shift, on the LongVector on the stack. */
        private void xorShift(int shift) {
            int t = code.allocateLocal(TypeKind.REFERENCE);
            code.astore(t).aload(t).getstatic(OPERATORS, "XOR", OP_ASSOCIATIVE).aload(t);
            lanewiseShift("LSHR", shift);
            code.invokevirtual(LONG_VECTOR, "lanewise", MethodTypeDesc.of(LONG_VECTOR, OP_BINARY, VECTOR));
        }

        private void multiplyBy(long constant) {
            code.aload(longVector(new Tables.LongConstEntry(constant)));
            code.invokevirtual(LONG_VECTOR, "mul", MethodTypeDesc.of(LONG_VECTOR, VECTOR));
        }

        /** Noise: mix64(key + cell*GOLDEN) per lane, its top bits scaled to [-1, 1). */
        private void rand(Node.Rand r) {
            int key = longVector(new Tables.KeyEntry(lowered.streams().indexOf(r.stream())));
            boolean f64 = precision == Precision.F64;
            for (int p = 0; p < parts; p++) {
                code.aload(key).aload(counter[p]).invokevirtual(LONG_VECTOR, "add", MethodTypeDesc.of(LONG_VECTOR, VECTOR));
                xorShift(30);
                multiplyBy(Noise.M1);
                xorShift(27);
                multiplyBy(Noise.M2);
                xorShift(31);
                lanewiseShift("LSHR", f64 ? 11 : 40);
                code.getstatic(OPERATORS, f64 ? "L2D" : "L2F", OP_CONVERSION).getstatic(self, "S", SPECIES).loadConstant(-p);
                code.invokevirtual(LONG_VECTOR, "convertShape", MethodTypeDesc.of(VECTOR, OP_CONVERSION, SPECIES, CD_int));
                code.checkcast(type);
                if (p > 0) {
                    code.invokevirtual(type, "add", vv); // the parts fill disjoint lanes, zeros elsewhere
                }
            }
            code.aload(coefficient(new Tables.ConstEntry(f64 ? 0x1p-52 : 0x1p-23))).invokevirtual(type, "mul", vv);
            code.aload(coefficient(new Tables.ConstEntry(1.0))).invokevirtual(type, "sub", vv);
        }

        /** 2^k: (bits of k + 1.5*2^52) + 1023, shifted into the exponent (f32: 1.5*2^23, 127, 23). */
        private void pow2(Node.Pow2 p) {
            boolean f64 = precision == Precision.F64;
            value(p.k());
            code.aload(coefficient(new Tables.ConstEntry(f64 ? 0x1.8p52 : 0x1.8p23))).invokevirtual(type, "add", vv);
            ClassDesc integral = f64 ? LONG_VECTOR : INT_VECTOR;
            code.invokevirtual(type, "viewAsIntegralLanes", MethodTypeDesc.of(integral));
            if (f64) {
                code.aload(longVector(new Tables.LongConstEntry(1023)));
            } else {
                code.aload(intLocals.get(ints.indexOf(new Tables.LongConstEntry(127))));
            }
            code.invokevirtual(integral, "add", MethodTypeDesc.of(integral, VECTOR));
            code.getstatic(OPERATORS, "LSHL", OP_BINARY).loadConstant(f64 ? 52L : 23L);
            code.invokevirtual(integral, "lanewise", MethodTypeDesc.of(integral, OP_BINARY, CD_long));
            code.invokevirtual(integral, "viewAsFloatingLanes", MethodTypeDesc.of(type));
        }
    }
}
