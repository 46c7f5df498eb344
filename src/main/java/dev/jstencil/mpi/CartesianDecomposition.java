package dev.jstencil.mpi;

import dev.jstencil.grid.AxisBoundary;
import dev.jstencil.grid.BoundaryKind;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.grid.Placement;
import dev.jstencil.sim.Subdomain;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * A grid split among the ranks of a job into blocks: MPI_Dims_create's balanced factors of the rank count
 * (the largest along the longest axis), MPI_Cart_create periodic along the axes whose boundary is periodic.
 * Along each axis the blocks differ by at most one cell (the first {@code n % ranks} take one more).
 *
 * <p>Each step the ranks exchange the ghost layers of internal faces one axis after the other, x first and
 * the band axis (y in 2D, z in 3D) last, each over the whole ghosted extent of the other axes, so edges and
 * corners (which a diagonal stencil reads) come through the neighbours as in one process. The band axis's
 * layers are whole rows (planes), contiguous in memory, and sent in place; the others are packed. All with
 * MPI_Isend/MPI_Irecv: the last phase stays in flight while the rank computes the bands that need none of
 * it. The physical boundaries keep their kinds: each rank's halo step fills them as usual.
 */
public final class CartesianDecomposition implements Subdomain.Decomposer, Subdomain.Gather {
    private static final int GATHER_TAG = 1 << 20;
    private static final String[] AXES = {"x", "y", "z"};

    private final Mpi mpi;
    private CartesianGrid grid;
    private Subdomain subdomain;
    private Exchange exchange;

    public CartesianDecomposition(Mpi mpi) {
        this.mpi = mpi;
    }

    @Override
    public int processes() {
        return mpi.size();
    }

    @Override
    public boolean everywhere(boolean mine) {
        return mpi.allreduceMin(mine ? 1 : 0) == 1;
    }

    @Override
    public long least(long mine) {
        return mpi.allreduceMin(mine);
    }

    /** The part [offset, offset + count) of an axis of {@code n} cells that coordinate {@code c} of {@code ranks} steps. */
    static int[] part(int n, int ranks, int c) {
        int base = n / ranks, rem = n % ranks;
        return new int[] {c * base + Math.min(c, rem), base + (c < rem ? 1 : 0)};
    }

    /**
     * Ranks per axis: {@code factors} (non-increasing, as MPI_Dims_create gives them) with the largest on the
     * longest axis; of two equally long axes, the later one (the band axis first) gets the larger factor.
     */
    static int[] assign(int[] factors, GridShape global) {
        int dims = global.dims();
        Integer[] axes = new Integer[dims];
        for (int a = 0; a < dims; a++) {
            axes[a] = a;
        }
        Arrays.sort(axes, (a, b) -> global.size(a) != global.size(b) ? Integer.compare(global.size(b), global.size(a))
                : Integer.compare(b, a));
        int[] perAxis = new int[dims];
        for (int i = 0; i < dims; i++) {
            perAxis[axes[i]] = factors[i];
        }
        return perAxis;
    }

    @Override
    public Subdomain split(GridShape global, List<AxisBoundary> boundaries, int ghost, boolean slabs) {
        int dims = global.dims(), ranks = mpi.size();
        int[] perAxis;
        if (slabs) {
            perAxis = new int[dims];
            Arrays.fill(perAxis, 1);
            perAxis[dims - 1] = ranks;
        } else {
            perAxis = assign(mpi.dimsCreate(ranks, new int[dims]), global);
        }
        for (int a = 0; a < dims; a++) {
            if (slabs && global.size(a) / perAxis[a] < ghost) {
                throw new IllegalArgumentException(ranks + " processes are too many for grid " + global + " with temporal blocking of "
                        + ghost + " steps per sweep: it splits the grid into slabs along " + AXES[a] + ", each at least " + ghost
                        + " cells thick, and " + global.size(a) + " cells make fewer than " + ranks + " of them; use fewer processes, "
                        + "fewer steps per sweep, or --temporal-blocking off");
            }
            if (global.size(a) / perAxis[a] < ghost) {
                throw new IllegalArgumentException(ranks + " processes are too many for grid " + global + ": MPI_Dims_create splits "
                        + "it into " + String.join("x", Arrays.stream(perAxis).mapToObj(Integer::toString).toList()) + " blocks, and along "
                        + AXES[a] + " a block would have fewer than " + ghost + " of the " + global.size(a) + " cells (the ghost width); "
                        + "use fewer processes");
            }
        }
        boolean[] periods = new boolean[dims];
        for (int a = 0; a < dims; a++) {
            periods[a] = boundaries.get(a).kind() == BoundaryKind.PERIODIC;
        }
        grid = mpi.cartCreate(perAxis, periods);
        int[][] parts = parts(global, grid.coords());
        int[] size = {parts[0][1], parts[1][1], dims == 3 ? parts[2][1] : 1};
        Placement at = new Placement(parts[0][0], parts[1][0], dims == 3 ? parts[2][0] : 0, global);
        exchange = ranks == 1 ? null : new Exchange(grid, perAxis);
        subdomain = new Subdomain(at, dims == 2 ? GridShape.of2d(size[0], size[1]) : GridShape.of3d(size[0], size[1], size[2]),
                exchange != null ? exchange : Subdomain.Exchange.NONE, this);
        return subdomain;
    }

    /**
     * The {offset, count} along each axis (x first; two axes in 2D) of the block of {@code rank}: any rank's, so
     * that rank 0 can describe the others' outputs (the pieces of a .pvti, the gathered fields' blocks).
     */
    public int[][] partsOf(int rank) {
        if (subdomain == null) {
            throw new IllegalStateException("the blocks are known once the grid is split");
        }
        if (rank < 0 || rank >= mpi.size()) {
            throw new IllegalArgumentException("rank " + rank + " is not allowed: use 0.." + (mpi.size() - 1));
        }
        return parts(subdomain.global(), grid.coordsOf(rank));
    }

    /** The {offset, count} along each axis of the block at {@code coords}. */
    private int[][] parts(GridShape global, int[] coords) {
        int[] perAxis = grid.dims();
        int[][] parts = new int[global.dims()][];
        for (int a = 0; a < parts.length; a++) {
            parts[a] = part(global.size(a), perAxis[a], coords[a]);
        }
        return parts;
    }

    /** The bytes of bands [s, s + ghost) of f along its band axis, ghost cells included: one contiguous range. */
    static MemorySegment bands(Field f, int s) {
        int g = f.ghost();
        long e = f.precision().bytes();
        long start = f.dims() == 3 ? f.offset(-g, -g, s) : f.offset(-g, s);
        long end = (f.dims() == 3 ? f.offset(f.nx() + g - 1, f.ny() + g - 1, s + g - 1) : f.offset(f.nx() + g - 1, s + g - 1)) + e;
        return f.segment().asSlice(start, end - start);
    }

    /** Cells [lo, hi) (per axis; z ignored in 2D) of f to (pack) or from a buffer, x-runs in order. */
    static void copyRegion(Field f, int[] lo, int[] hi, MemorySegment buf, boolean pack) {
        long e = f.precision().bytes(), run = (hi[0] - lo[0]) * e, at = 0;
        boolean planes = f.dims() == 3;
        for (int z = planes ? lo[2] : 0; z < (planes ? hi[2] : 1); z++) {
            for (int y = lo[1]; y < hi[1]; y++, at += run) {
                long o = planes ? f.offset(lo[0], y, z) : f.offset(lo[0], y);
                if (pack) {
                    MemorySegment.copy(f.segment(), o, buf, at, run);
                } else {
                    MemorySegment.copy(buf, at, f.segment(), o, run);
                }
            }
        }
    }

    static long regionBytes(Field f, int[] lo, int[] hi) {
        long cells = (long) (hi[0] - lo[0]) * (hi[1] - lo[1]) * (f.dims() == 3 ? hi[2] - lo[2] : 1);
        return cells * f.precision().bytes();
    }

    /** The ghost layers of internal faces, from the neighbours, axis by axis (see the class comment). */
    private static final class Exchange implements Subdomain.Exchange {
        private final CartesianGrid grid;
        private final int[] perAxis;
        private final Arena arena = Arena.ofAuto();
        private CartesianGrid.Requests requests;
        private MemorySegment[][][] buffers; // [field][axis][send below, send above, receive below, receive above]
        private Field[] unpackInto;
        private long nanos;

        Exchange(CartesianGrid grid, int[] perAxis) {
            this.grid = grid;
            this.perAxis = perAxis.clone();
        }

        @Override
        public void start(Field[] fields) {
            long t0 = System.nanoTime();
            int dims = fields[0].dims(), band = dims - 1;
            if (requests == null) {
                requests = grid.requests(4 * fields.length);
                buffers = new MemorySegment[fields.length][dims][];
            }
            for (int a = 0; a < band; a++) { // packed phases, one after the other: each carries the last one's ghosts on
                if (perAxis[a] > 1) {
                    packedPhase(fields, a);
                }
            }
            if (perAxis[band] > 1) {
                int below = grid.neighbour(band, 0), above = grid.neighbour(band, 1);
                for (int f = 0; f < fields.length; f++) {
                    Field field = fields[f];
                    int g = field.ghost(), n = field.shape().bandAxisSize();
                    requests.receive(bands(field, -g), below, 2 * f);
                    requests.receive(bands(field, n), above, 2 * f + 1);
                    requests.send(bands(field, 0), below, 2 * f + 1);
                    requests.send(bands(field, n - g), above, 2 * f);
                }
            }
            nanos += System.nanoTime() - t0;
        }

        /** Ghost layers along a non-band axis: packed, exchanged, waited for and unpacked before the next axis. */
        private void packedPhase(Field[] fields, int axis) {
            int below = grid.neighbour(axis, 0), above = grid.neighbour(axis, 1);
            for (int f = 0; f < fields.length; f++) {
                Field field = fields[f];
                int g = field.ghost(), n = field.shape().size(axis);
                if (buffers[f][axis] == null) {
                    long bytes = regionBytes(field, layer(field, axis, 0)[0], layer(field, axis, 0)[1]);
                    buffers[f][axis] = new MemorySegment[4];
                    for (int i = 0; i < 4; i++) {
                        buffers[f][axis][i] = arena.allocate(bytes, 64);
                    }
                }
                MemorySegment[] b = buffers[f][axis];
                int[][] low = layer(field, axis, 0), high = layer(field, axis, n - g);
                copyRegion(field, low[0], low[1], b[0], true);
                copyRegion(field, high[0], high[1], b[1], true);
                requests.receive(b[2], below, 2 * f);
                requests.receive(b[3], above, 2 * f + 1);
                requests.send(b[0], below, 2 * f + 1);
                requests.send(b[1], above, 2 * f);
            }
            requests.waitAll();
            for (int f = 0; f < fields.length; f++) {
                Field field = fields[f];
                int g = field.ghost(), n = field.shape().size(axis);
                MemorySegment[] b = buffers[f][axis];
                if (below != CartesianGrid.NONE) {
                    int[][] r = layer(field, axis, -g);
                    copyRegion(field, r[0], r[1], b[2], false);
                }
                if (above != CartesianGrid.NONE) {
                    int[][] r = layer(field, axis, n);
                    copyRegion(field, r[0], r[1], b[3], false);
                }
            }
        }

        /** {lo, hi} of the layer [s, s + ghost) along {@code axis}, over the whole ghosted extent of the other axes. */
        private static int[][] layer(Field f, int axis, int s) {
            int g = f.ghost();
            int[] lo = {-g, -g, -g}, hi = {f.nx() + g, f.ny() + g, f.nz() + g};
            lo[axis] = s;
            hi[axis] = s + g;
            return new int[][] {lo, hi};
        }

        @Override
        public void finish() {
            long t0 = System.nanoTime();
            requests.waitAll();
            nanos += System.nanoTime() - t0;
        }
    }

    /**
     * Seconds this rank has spent in halo exchanges: packing, posting and waiting for them, not the
     * computation of the interior that overlaps the last phase.
     */
    public double exchangeSeconds() {
        return exchange == null ? 0 : exchange.nanos / 1e9;
    }

    /**
     * The whole field on rank 0 (allocated here; the caller closes it), each rank's block of {@code local}
     * sent to it; null on the other ranks. Collective: every rank calls it, with its field of the same index.
     */
    @Override
    public Field gather(Field local, int tag) {
        if (subdomain == null) {
            throw new IllegalStateException("gather before split");
        }
        GridShape global = subdomain.global();
        int ranks = mpi.size();
        int[] zero = {0, 0, 0}, size = {local.nx(), local.ny(), local.nz()};
        if (mpi.rank() != 0) {
            try (Arena a = Arena.ofConfined(); CartesianGrid.Requests r = grid.requests(1)) {
                MemorySegment packed = a.allocate(regionBytes(local, zero, size), 64);
                copyRegion(local, zero, size, packed, true);
                r.send(packed, 0, GATHER_TAG + tag);
                r.waitAll();
            }
            return null;
        }
        Field whole = Field.allocate(local.precision(), global, local.ghost());
        try (Arena a = Arena.ofConfined(); CartesianGrid.Requests r = grid.requests(Math.max(1, ranks - 1))) {
            MemorySegment[] packed = new MemorySegment[ranks];
            int[][][] where = new int[ranks][][];
            for (int rank = 0; rank < ranks; rank++) {
                int[][] parts = partsOf(rank);
                int[] lo = {parts[0][0], parts[1][0], global.dims() == 3 ? parts[2][0] : 0};
                int[] hi = {lo[0] + parts[0][1], lo[1] + parts[1][1], lo[2] + (global.dims() == 3 ? parts[2][1] : 1)};
                where[rank] = new int[][] {lo, hi};
                packed[rank] = a.allocate(regionBytes(whole, lo, hi), 64);
                if (rank > 0) {
                    r.receive(packed[rank], rank, GATHER_TAG + tag);
                }
            }
            copyRegion(local, zero, size, packed[0], true);
            r.waitAll();
            for (int rank = 0; rank < ranks; rank++) {
                copyRegion(whole, where[rank][0], where[rank][1], packed[rank], false);
            }
        } catch (RuntimeException | Error e) {
            whole.close();
            throw e;
        }
        return whole;
    }

    /** Rank 0 receives the gathered fields. */
    @Override
    public boolean root() {
        return mpi.rank() == 0;
    }

    public CartesianGrid grid() {
        return grid;
    }
}
