package dev.jstencil.bench;

import dev.jstencil.codegen.Noise;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The noise of {@code rand()} alone: SplitMix64's finalizer on 64-bit counters, as the generated
 * kernels compute it, turned into numbers. Score: ns per cell. In f64 one long vector (8 lanes) gives
 * one double vector; an f32 vector of 512 bits has 16 lanes, so two long vectors must be joined, and
 * this measures the ways the Vector API offers against converting into a 256-bit float vector.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar NoiseConversionBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "-XX:LoopUnrollLimit=120"})
@State(Scope.Thread)
public class NoiseConversionBenchmark {
    private static final int CELLS = 4096;
    private static final VectorSpecies<Long> L = LongVector.SPECIES_512;
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_512;
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Float> F256 = FloatVector.SPECIES_256;
    private static final VectorShuffle<Float> JOIN = VectorShuffle.fromOp(F, i -> i < 8 ? i : i - 8 - 16);
    private final long[] table = new long[5 * 8];
    private long base;

    public NoiseConversionBenchmark() {
        for (int j = 0; j < 8; j++) {
            table[j] = Noise.M1;
            table[8 + j] = Noise.M2;
            table[16 + j] = j * Noise.GOLDEN;
            table[24 + j] = (8 + j) * Noise.GOLDEN;
            table[32 + j] = Noise.key(1, 2, 0);
        }
    }

    private LongVector mix(long golden, int iota) {
        LongVector z = LongVector.fromArray(L, table, 32).add(LongVector.fromArray(L, table, iota).add(LongVector.broadcast(L, golden)));
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 30)).mul(LongVector.fromArray(L, table, 0));
        z = z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 27)).mul(LongVector.fromArray(L, table, 8));
        return z.lanewise(VectorOperators.XOR, z.lanewise(VectorOperators.LSHR, 31));
    }

    /** The top 24 bits of each lane's noise, the part f32 converts (see {@link #mix}). */
    private LongVector f32Bits(long golden, int iota) {
        return mix(golden, iota).lanewise(VectorOperators.LSHR, 40);
    }

    /** f64: 8 lanes, one conversion of the same shape. */
    @Benchmark
    @OperationsPerInvocation(CELLS)
    public double f64() {
        DoubleVector acc = DoubleVector.zero(D);
        for (int i = 0; i < CELLS; i += 8) {
            acc = acc.add((DoubleVector) mix((base + i) * Noise.GOLDEN, 16).lanewise(VectorOperators.LSHR, 11).convert(VectorOperators.L2D, 0));
        }
        base += CELLS;
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** f32 into a 256-bit float vector: 8 lanes, one conversion into a smaller shape, part 0. */
    @Benchmark
    @OperationsPerInvocation(CELLS)
    public float f32Into256() {
        FloatVector acc = FloatVector.zero(F256);
        for (int i = 0; i < CELLS; i += 8) {
            acc = acc.add((FloatVector) f32Bits((base + i) * Noise.GOLDEN, 16)
                    .convertShape(VectorOperators.L2F, F256, 0));
        }
        base += CELLS;
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** f32 into 512 bits, as the generated kernels do: each half converted into its part, then added. */
    @Benchmark
    @OperationsPerInvocation(CELLS)
    public float f32PartsAdded() {
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < CELLS; i += 16) {
            long g = (base + i) * Noise.GOLDEN;
            FloatVector lo = (FloatVector) f32Bits(g, 16).convertShape(VectorOperators.L2F, F, 0);
            FloatVector hi = (FloatVector) f32Bits(g, 24).convertShape(VectorOperators.L2F, F, -1);
            acc = acc.add(lo.add(hi));
        }
        base += CELLS;
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** f32 into 512 bits: both halves converted into part 0, joined by a two-vector rearrange. */
    @Benchmark
    @OperationsPerInvocation(CELLS)
    public float f32Rearranged() {
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < CELLS; i += 16) {
            long g = (base + i) * Noise.GOLDEN;
            FloatVector lo = (FloatVector) f32Bits(g, 16).convertShape(VectorOperators.L2F, F, 0);
            FloatVector hi = (FloatVector) f32Bits(g, 24).convertShape(VectorOperators.L2F, F, 0);
            acc = acc.add(lo.rearrange(JOIN, hi));
        }
        base += CELLS;
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /** f32 into 512 bits: 256-bit halves reinterpreted into their parts of a 512-bit vector, then added. */
    @Benchmark
    @OperationsPerInvocation(CELLS)
    public float f32Reinterpreted() {
        FloatVector acc = FloatVector.zero(F);
        for (int i = 0; i < CELLS; i += 16) {
            long g = (base + i) * Noise.GOLDEN;
            FloatVector lo = (FloatVector) f32Bits(g, 16).convertShape(VectorOperators.L2F, F256, 0)
                    .reinterpretShape(F, 0);
            FloatVector hi = (FloatVector) f32Bits(g, 24).convertShape(VectorOperators.L2F, F256, 0)
                    .reinterpretShape(F, -1);
            acc = acc.add(lo.add(hi));
        }
        base += CELLS;
        return acc.reduceLanes(VectorOperators.ADD);
    }
}
