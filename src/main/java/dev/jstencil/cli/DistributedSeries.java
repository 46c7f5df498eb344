package dev.jstencil.cli;

import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.io.series.Extent;
import dev.jstencil.io.series.PvtiSeries;
import dev.jstencil.io.series.SeriesFiles;
import dev.jstencil.io.series.SeriesWriter;
import dev.jstencil.io.series.SnapshotFormat;
import dev.jstencil.io.series.SnapshotPool;
import dev.jstencil.mpi.CartesianDecomposition;
import dev.jstencil.mpi.Mpi;
import dev.jstencil.sim.Simulation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The output series of a run split among MPI processes. Every rank takes each snapshot at the same step (the
 * periodic actions run on every rank's stepping thread at the same step counts), so the collective calls
 * below match:
 * <ul>
 * <li>vti: each rank writes its block as a piece {@code .vti} in its own background writer; rank 0 writes a
 * snapshot's {@code .pvti} and lists it in the {@code .pvd} only once every rank has written its piece, which
 * it learns from an allreduce of the ranks' written counts at each snapshot and at {@link #finish}. So the
 * .pvd lists only complete data sets, as one process's does. Those two small text files are written on the
 * stepping thread, synchronously: that is where the agreement is learned, and they cost far less than a piece.</li>
 * <li>npy, png: the whole fields are gathered to rank 0 at the snapshot's step, and rank 0's background
 * writer writes them (the gather is collective: it cannot be left to a writer thread).</li>
 * </ul>
 * MPI is called only here, on the stepping thread (MPI_THREAD_FUNNELED), never from the writer threads. A
 * writer's failure does not cancel this rank's run, as one process's does: a rank that stopped stepping alone
 * would leave its neighbours waiting for its halos. It is thrown at the rank's next snapshot or at
 * {@link #finish}, and the job then ends with MPI_Abort (RunCommand.runDistributed).
 */
final class DistributedSeries implements SeriesOptions.Running {
    private final SeriesOptions.Plan plan;
    private final Mpi mpi;
    private final CartesianDecomposition blocks;
    private final Simulation sim;
    private final SeriesWriter pieces; // this rank's .vti pieces; null without vti
    private final PvtiSeries index; // rank 0 with vti: the .pvti files and the .pvd; else null
    private final boolean gathers; // npy or png: whole fields, the same on every rank
    private final List<SnapshotFormat> wholeFormats; // rank 0's formats of the gathered fields; empty elsewhere
    private SeriesWriter whole; // rank 0: made at the first snapshot, its pool laid out like the gathered fields
    private final List<Long> steps = new ArrayList<>(); // rank 0 with vti: the snapshots' steps, in order
    private final List<Field> sources = new ArrayList<>();
    private volatile long submitted; // read by the progress line's thread
    private volatile long agreed; // snapshots that every rank has written
    private double waitedEverywhere = -1; // the slowest rank's wait, once finished
    private boolean finished;

    /** The series of {@code sim}, one block of the grid {@code blocks} split; files named after {@code prefix}. */
    DistributedSeries(SeriesOptions.Plan plan, Simulation sim, Mpi mpi, CartesianDecomposition blocks, String prefix, long lastStep) {
        this.plan = plan;
        this.mpi = mpi;
        this.blocks = blocks;
        this.sim = sim;
        SeriesFiles files = new SeriesFiles(plan.dir(), SeriesFiles.digitsFor(lastStep));
        String stem = SeriesOptions.stem(prefix);
        boolean root = mpi.rank() == 0, vti = plan.formats().contains("vti");
        GridShape global = sim.shape();
        List<Extent> extents = new ArrayList<>();
        for (int rank = 0; rank < (root ? mpi.size() : 0); rank++) {
            extents.add(extent(rank, global));
        }
        this.index = root && vti ? new PvtiSeries(files, stem, sim.h(), plan.fields(), sim.precision(), global, extents) : null;
        this.gathers = plan.formats().stream().anyMatch(f -> !f.equals("vti"));
        this.wholeFormats = root ? plan.formats().stream().filter(f -> !f.equals("vti")).map(f -> SnapshotFormat.of(f, files, stem, sim.h())).toList()
                : List.of();
        if (vti) {
            List<Field> templates = plan.fields().stream().map(sim::field).toList();
            var piece = new SnapshotFormat.VtiPiece(files, stem, sim.h(), extent(mpi.rank(), global), mpi.rank(), mpi.size());
            this.pieces = new SeriesWriter(new SnapshotPool(plan.fields(), templates, SnapshotPool.suggestedCount(templates)), List.of(piece),
                    () -> { });
        } else {
            this.pieces = null;
        }
    }

    private Extent extent(int rank, GridShape global) {
        int[][] parts = blocks.partsOf(rank);
        int[] offset = new int[parts.length], count = new int[parts.length];
        for (int a = 0; a < parts.length; a++) {
            offset[a] = parts[a][0];
            count[a] = parts[a][1];
        }
        return Extent.piece(offset, count, global);
    }

    @Override
    public SeriesOptions.Plan plan() {
        return plan;
    }

    /** Collective: every rank, at the same step. */
    @Override
    public void at(Simulation sim) throws IOException {
        long step = sim.stepsDone();
        double time = step * sim.dt();
        try {
            if (pieces != null) {
                sources.clear();
                for (String f : plan.fields()) {
                    sources.add(sim.field(f)); // the current buffers, ghosts included: they hold the next blocks' first values
                }
                pieces.submit(step, time, sources);
            }
            if (gathers) {
                gather(step, time);
            }
        } catch (IOException e) {
            throw SeriesOptions.stopped(e, step);
        }
        if (index != null) {
            steps.add(step);
        }
        submitted++;
        agree();
    }

    /** The whole fields on rank 0, queued for its writer (collective). */
    private void gather(long step, double time) throws IOException {
        List<Field> gathered = new ArrayList<>();
        try {
            for (String f : plan.fields()) {
                Field w = blocks.gather(sim.field(f), sim.model().fieldIndex(f));
                if (w != null) {
                    gathered.add(w);
                }
            }
            if (!wholeFormats.isEmpty()) {
                if (whole == null) {
                    whole = new SeriesWriter(new SnapshotPool(plan.fields(), gathered, SnapshotPool.suggestedCount(gathered)), wholeFormats,
                            () -> { });
                }
                whole.submit(step, time, gathered); // copied: the gathered fields are freed right after
            }
        } finally {
            gathered.forEach(Field::close);
        }
    }

    /** Snapshots this rank has written in each of its formats. */
    private long writtenHere() {
        long n = submitted;
        if (pieces != null) {
            n = Math.min(n, pieces.written());
        }
        if (whole != null) {
            n = Math.min(n, whole.written());
        }
        return n;
    }

    /** Collective: the snapshots every rank has written; rank 0 adds the new ones' .pvti to the .pvd. */
    private void agree() throws IOException {
        agreed = mpi.allreduceMin(writtenHere());
        if (index == null) {
            return;
        }
        while (index.count() < agreed) {
            long step = steps.get(index.count());
            try {
                index.add(step, step * sim.dt());
            } catch (IOException e) {
                throw SeriesOptions.stopped(e, sim.stepsDone());
            }
        }
    }

    /**
     * Collective, once the steps are done: writes every queued snapshot on every rank, then rank 0 lists the
     * last ones. Throws this rank's writer failure, if any.
     */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        try {
            closeWriters();
        } catch (IOException e) {
            throw SeriesOptions.stopped(e, sim.stepsDone());
        }
        agree();
        waitedEverywhere = mpi.allreduceMax(localWait());
    }

    private double localWait() {
        return (pieces == null ? 0 : pieces.waitedSeconds()) + (whole == null ? 0 : whole.waitedSeconds());
    }

    private void closeWriters() throws IOException {
        try {
            if (pieces != null) {
                pieces.close();
            }
        } finally {
            if (whole != null) {
                whole.close();
            }
        }
    }

    /** This rank's writers, stopped (no MPI: also on a path where the other ranks are not here). */
    @Override
    public void close() throws IOException {
        closeWriters();
    }

    /** Snapshots written by every rank (all of them once {@link #finish}ed). */
    @Override
    public long written() {
        return agreed;
    }

    @Override
    public long submitted() {
        return submitted;
    }

    /** The slowest rank's wait once finished; before, this rank's. */
    @Override
    public double waitedSeconds() {
        return waitedEverywhere >= 0 ? waitedEverywhere : localWait();
    }
}
