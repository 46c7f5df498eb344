package dev.jstencil.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jstencil.grid.BoundarySpec;
import dev.jstencil.grid.Precision;
import dev.jstencil.kernel.Backend;
import dev.jstencil.model.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The depth tuner on made-up timings (which depth it picks, how it cuts a run into chunks), and on real
 * runs: whatever it tries, the fields are those of one step per sweep.
 */
class DepthTunerTest {
    /** Drives a tuner over a run of {@code steps} with per-step seconds given per depth; returns the chunks. */
    private static List<DepthTuner.Chunk> drive(DepthTuner t, long steps, IntToDoubleFunction secondsPerStep) {
        List<DepthTuner.Chunk> chunks = new ArrayList<>();
        long done = 0;
        while (done < steps) {
            DepthTuner.Chunk c = t.next(steps - done);
            assertTrue(c.steps() > 0 && c.steps() <= steps - done, "a chunk within the run: " + c);
            chunks.add(c);
            t.record(c, c.steps(), (long) (c.steps() * secondsPerStep.applyAsDouble(c.depth()) * 1e9));
            done += c.steps();
        }
        return chunks;
    }

    @ParameterizedTest(name = "fastest {0}")
    @CsvSource({"1", "4", "8", "16"})
    void picksTheFastestDepthAndKeepsIt(int fastest) {
        DepthTuner t = new DepthTuner(new int[] {1, 4, 8, 16}, 8);
        List<DepthTuner.Chunk> chunks = drive(t, 100_000, k -> k == fastest ? 0.001 : 0.002 + k * 1e-5);
        assertEquals(fastest, t.chosen());
        DepthTuner.Chunk last = chunks.getLast();
        assertEquals(new DepthTuner.Chunk(fastest, last.steps(), false), last, "the rest of the run at the chosen depth");
        assertEquals(13, chunks.size(), "three rounds of four trials, then one chunk");
        assertTrue(t.describe().endsWith("-> " + fastest), t.describe());
    }

    @Test
    void trialsAreWholeGroupsLongEnoughToMeasure() {
        DepthTuner t = new DepthTuner(new int[] {1, 3, 7}, 3);
        List<DepthTuner.Chunk> chunks = drive(t, 1_000_000, k -> 1e-4);
        assertEquals(new DepthTuner.Chunk(1, 1, true), chunks.getFirst(), "nothing known yet: one group");
        // the warm-up round's other chunks last WARMUP_CHUNK_SECONDS (0.1 ms per step), in whole groups
        assertEquals(List.of(new DepthTuner.Chunk(3, 2502, true), new DepthTuner.Chunk(7, 2506, true)), chunks.subList(1, 3));
        for (DepthTuner.Chunk c : chunks.subList(3, 9)) {
            assertTrue(c.trial(), c.toString());
            assertEquals(0, c.steps() % c.depth(), "whole groups: " + c);
            assertTrue(c.steps() >= DepthTuner.MIN_GROUPS * c.depth(), c.toString());
        }
        assertFalse(chunks.get(9).trial(), "then the chosen depth");
        // the tuner knows a step takes 0.1 ms: each scored trial lasts >= MIN_CHUNK_SECONDS
        for (DepthTuner.Chunk c : chunks.subList(3, 9)) {
            assertTrue(c.steps() * 1e-4 >= DepthTuner.MIN_CHUNK_SECONDS - 1e-12, c.toString());
            assertTrue(c.steps() * 1e-4 < DepthTuner.MIN_CHUNK_SECONDS + (c.depth() + 1) * 1e-4, "not much longer: " + c);
        }
    }

    /** A run too short for the trials to cost under a tenth of it is not tuned: the fallback at once, after one chunk. */
    @Test
    void aShortRunIsNotTuned() {
        DepthTuner t = new DepthTuner(new int[] {4, 8, 16, 1}, 1);
        DepthTuner.Chunk first = t.next(5000, 5000);
        assertEquals(new DepthTuner.Chunk(4, 4, true), first);
        t.record(first, 4, 4 * 140_000); // 0.14 ms per step: 5000 steps are 0.7 s, the trials about 1.4 s
        assertEquals(new DepthTuner.Chunk(1, 4996, false), t.next(4996, 4996));
        assertEquals(1, t.chosen());
        assertTrue(t.describe().startsWith("run too short to measure depths (0.140 ms/step) -> 1"), t.describe());

        DepthTuner u = new DepthTuner(new int[] {4, 8, 16, 1}, 1);
        u.record(u.next(100, 1_000_000), 4, 4 * 140_000); // the same steps, but a run of a million of them in pieces of 100
        assertEquals(new DepthTuner.Chunk(1, 96, false), u.next(96, 999_996), "no trial fits in 96 steps: the fallback, untimed");
        assertEquals(0, u.chosen(), "but a long run is still tuned");
        assertTrue(u.next(10_000, 999_900).trial(), "in a later, longer call");
    }

    /** A deeper depth must win by more than TIE: within it, the shallowest depth measured is taken. */
    @Test
    void aNearTieGoesToTheShallowerDepth() {
        DepthTuner t = new DepthTuner(new int[] {4, 8, 16, 1}, 8);
        drive(t, 100_000, k -> k == 16 ? 0.00100 : k == 8 ? 0.00103 : k == 1 ? 0.00104 : 0.002);
        assertEquals(1, t.chosen(), "16 is 4% faster than 1: a tie");
        DepthTuner u = new DepthTuner(new int[] {4, 8, 16, 1}, 8);
        drive(u, 100_000, k -> k == 16 ? 0.00100 : k == 8 ? 0.00103 : k == 1 ? 0.00120 : 0.002);
        assertEquals(8, u.chosen(), "16 and 8 tie, both beat 1 by more than 5%");
    }

    /** The first round is not scored, and the others by their minimum: a slow first chunk (the JIT) or a slow later one (noise) does not decide. */
    @ParameterizedTest(name = "k=1 slow in chunk {0}")
    @CsvSource({"1", "3", "5"})
    void oneSlowChunkDoesNotDecide(int slowChunk) {
        DepthTuner t = new DepthTuner(new int[] {1, 8}, 8);
        int[] calls = {0};
        drive(t, 100_000, k -> {
            calls[0]++;
            return k == 1 ? (calls[0] == slowChunk ? 0.01 : 0.001) : 0.002; // k=1 is faster, but for one chunk
        });
        assertEquals(1, t.chosen());
    }

    /** The warm-up round's fast chunk of a depth that is slow later does not count either. */
    @Test
    void theWarmUpRoundIsNotScored() {
        DepthTuner t = new DepthTuner(new int[] {1, 8}, 8);
        int[] calls = {0};
        drive(t, 100_000, k -> {
            calls[0]++;
            return k == 8 ? (calls[0] == 2 ? 0.0001 : 0.002) : 0.001;
        });
        assertEquals(1, t.chosen());
    }

    @Test
    void aRunTooShortForATrialUsesTheFallbackAndTriesLater() {
        DepthTuner t = new DepthTuner(new int[] {1, 8}, 8);
        DepthTuner.Chunk c = t.next(5, 1_000_000);
        assertEquals(new DepthTuner.Chunk(1, 1, true), c, "a warm-up group of k=1 fits");
        t.record(c, 1, 1_000_000); // 1 ms per step
        DepthTuner.Chunk short1 = t.next(200, 1_000_000);
        assertEquals(new DepthTuner.Chunk(8, 200, false), short1, "nothing scored yet (warm-up round): the fallback, untimed");
        t.record(short1, 200, 1);
        assertEquals(new DepthTuner.Chunk(8, 256, true), t.next(1000, 1_000_000), "k=8's warm-up in the next run: >= 250 ms, whole groups");
        t.record(new DepthTuner.Chunk(8, 256, true), 256, 256_000_000);
        DepthTuner.Chunk later = t.next(1000, 1_000_000);
        assertEquals(new DepthTuner.Chunk(1, 50, true), later, "a scored trial: at least 50 ms");
        assertEquals(0, t.chosen());
        assertFalse(t.describe().contains("->"), t.describe());
    }

    @Test
    void aCancelledTrialDoesNotCount() {
        DepthTuner t = new DepthTuner(new int[] {1, 8}, 8);
        DepthTuner.Chunk c = t.next(1000);
        t.record(c, c.steps() - 1, 1); // cut short: absurdly fast, must be ignored
        assertEquals("not measured yet", t.describe());
        assertEquals(c, t.next(1000), "the same trial again");
    }

    /** Depth changes between chunks mid-run (2D and 3D, noise keyed by the step): the bits of one step per sweep. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"noisy-drift, periodic", "noisy-drift, neumann,dirichlet=0.3", "gray-scott-3d, periodic", "noisy-drift-3d, dirichlet=0.2,periodic,neumann"})
    void tunedRunsGiveTheBitsOfOneStepPerSweep(String name, String boundary) {
        Model m = switch (name) {
            case "noisy-drift" -> TemporalBlockingTest.NOISY;
            case "noisy-drift-3d" -> TemporalBlocking3dTest.NOISY_3D;
            default -> Model.builtin(name);
        };
        int[] size = m.ownDims() == 3 || name.endsWith("3d") ? new int[] {10, 7, 9} : new int[] {23, 17};
        Simulation.Builder b = Simulation.builder(m).size(size).backend(Backend.VECTOR).precision(Precision.F64)
                .boundary(BoundarySpec.parse(boundary)).seed(3);
        if (name.equals("gray-scott-3d")) {
            b.set("noise", 0.05);
        }
        List<double[][]> off = TemporalBlockingTest.runs(b, TemporalBlocking.OFF, Backend.VECTOR, 5, 300, 1, 400);
        b.depthCandidates(1, 3, 2, 5);
        List<double[][]> tuned = new ArrayList<>();
        try (Simulation sim = b.temporalBlocking(TemporalBlocking.AUTO).build()) {
            tuned.add(fields(sim));
            for (long steps : new long[] {5, 300, 1, 400}) {
                assertEquals(steps, sim.run(steps).steps());
                tuned.add(fields(sim));
            }
            assertTrue(sim.depthTuning().orElseThrow().contains("k=5: "), "every candidate tried: " + sim.depthTuning());
            assertTrue(List.of(1, 2, 3, 5).contains(sim.stepsPerSweep()), "a candidate chosen: " + sim.stepsPerSweep());
        }
        TemporalBlockingTest.assertSameBits(off, tuned, size[0], name + " " + boundary);
    }

    private static double[][] fields(Simulation sim) {
        double[][] out = new double[sim.model().fields().size()][];
        for (int f = 0; f < out.length; f++) {
            out[f] = sim.field(f).toArray();
        }
        return out;
    }
}
