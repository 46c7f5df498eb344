package dev.jstencil.mpi;

import dev.jstencil.grid.AxisBoundary;
import dev.jstencil.grid.BoundaryKind;
import dev.jstencil.grid.Field;
import dev.jstencil.grid.GridShape;
import dev.jstencil.sim.Subdomain;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A grid split among the ranks of a job into slabs along its band axis (y in 2D, z in 3D), the axis the
 * kernels step band by band: MPI_Dims_create with the other axes held at 1, MPI_Cart_create periodic along
 * the band axis where that boundary is periodic. Slab sizes differ by at most one band (the first
 * {@code n % ranks} ranks take one more). Each step, every rank sends its edge bands to its neighbours and
 * receives theirs into its ghost bands, non-blocking (MPI_Isend/MPI_Irecv, then MPI_Waitall once the bands
 * that need no ghost band are computed): ghost cells included, so the corners a diagonal stencil reads are
 * those of one process. The physical boundaries keep
 * their kinds: each rank's halo step fills them as usual.
 *
 * <p>Not yet: splitting the other axes too (pencils, blocks), which needs the kernels to take an x offset.
 */
public final class SlabDecomposition implements Subdomain.Decomposer {
    private static final int GATHER_TAG = 1 << 20;

    private final Mpi mpi;
    private CartesianGrid grid;
    private Subdomain subdomain;
    private Exchange exchange;

    public SlabDecomposition(Mpi mpi) {
        this.mpi = mpi;
    }

    /** The slab [offset, offset + count) of the band axis of size {@code n} that coordinate {@code c} of {@code ranks} steps. */
    static int[] slab(int n, int ranks, int c) {
        int base = n / ranks, rem = n % ranks;
        return new int[] {c * base + Math.min(c, rem), base + (c < rem ? 1 : 0)};
    }

    @Override
    public Subdomain split(GridShape global, List<AxisBoundary> boundaries, int ghost) {
        int dims = global.dims(), band = dims - 1, n = global.bandAxisSize(), ranks = mpi.size();
        String bands = dims == 2 ? "rows" : "planes";
        if (n / ranks < ghost) {
            throw new IllegalArgumentException(ranks + " processes are too many for grid " + global + ": it is split into slabs of "
                    + bands + " along " + (dims == 2 ? "y" : "z") + ", and each needs at least " + ghost + " of the " + n + " " + bands
                    + " (the ghost width); use at most " + n / ghost + " processes");
        }
        int[] shape = new int[dims];
        java.util.Arrays.fill(shape, 1);
        shape[band] = 0;
        shape = mpi.dimsCreate(ranks, shape);
        boolean[] periods = new boolean[dims];
        periods[band] = boundaries.get(band).kind() == BoundaryKind.PERIODIC;
        grid = mpi.cartCreate(shape, periods);
        int c = grid.coords()[band];
        if (c != mpi.rank()) {
            throw new MpiException("MPI_Cart_create placed rank " + mpi.rank() + " at " + c + " along the split axis; jstencil expects "
                    + "ranks in order");
        }
        int[] s = slab(n, ranks, c);
        exchange = ranks == 1 ? null : new Exchange(grid, band);
        subdomain = new Subdomain(global, s[0], s[1], exchange != null ? exchange : Subdomain.Exchange.NONE);
        return subdomain;
    }

    /** The bytes of bands [s, s + ghost) of f, ghost cells included: one contiguous range. */
    static MemorySegment bands(Field f, int s) {
        int g = f.ghost();
        long e = f.precision().bytes();
        long start = f.dims() == 3 ? f.offset(-g, -g, s) : f.offset(-g, s);
        long end = (f.dims() == 3 ? f.offset(f.nx() + g - 1, f.ny() + g - 1, s + g - 1) : f.offset(f.nx() + g - 1, s + g - 1)) + e;
        return f.segment().asSlice(start, end - start);
    }

    /** The ghost bands of internal faces, from the neighbours along the band axis. */
    private static final class Exchange implements Subdomain.Exchange {
        private final CartesianGrid grid;
        private final int band;
        private CartesianGrid.Requests requests;
        private long nanos;

        Exchange(CartesianGrid grid, int band) {
            this.grid = grid;
            this.band = band;
        }

        @Override
        public void start(Field[] fields) {
            long t0 = System.nanoTime();
            if (requests == null) {
                requests = grid.requests(4 * fields.length);
            }
            int below = grid.neighbour(band, 0), above = grid.neighbour(band, 1);
            for (int f = 0; f < fields.length; f++) {
                Field field = fields[f];
                int g = field.ghost(), n = field.dims() == 3 ? field.nz() : field.ny();
                requests.receive(bands(field, -g), below, 2 * f);
                requests.receive(bands(field, n), above, 2 * f + 1);
                requests.send(bands(field, 0), below, 2 * f + 1);
                requests.send(bands(field, n - g), above, 2 * f);
            }
            nanos += System.nanoTime() - t0;
        }

        @Override
        public void finish() {
            long t0 = System.nanoTime();
            requests.waitAll();
            nanos += System.nanoTime() - t0;
        }
    }

    /**
     * Seconds this rank has spent in halo exchanges: posting them and waiting for them to complete, not the
     * computation of the interior that overlaps them.
     */
    public double exchangeSeconds() {
        return exchange == null ? 0 : exchange.nanos / 1e9;
    }

    /**
     * The whole field on rank 0 (allocated here; the caller closes it), each rank's slab of {@code local}
     * sent to it; null on the other ranks. Collective: every rank calls it, with its field of the same index.
     */
    public Field gather(Field local, int tag) {
        if (subdomain == null) {
            throw new IllegalStateException("gather before split");
        }
        GridShape global = subdomain.global();
        int ranks = mpi.size(), rowsPerBand = global.dims() == 3 ? global.ny() : 1;
        long rowBytes = (long) global.nx() * local.precision().bytes();
        if (mpi.rank() != 0) {
            try (Arena a = Arena.ofConfined(); CartesianGrid.Requests r = grid.requests(1)) {
                MemorySegment packed = a.allocate(rowBytes * rowsPerBand * subdomain.count(), 64);
                copyRows(local, 0, packed, subdomain.count(), rowsPerBand, rowBytes, true);
                r.send(packed, 0, GATHER_TAG + tag);
                r.waitAll();
            }
            return null;
        }
        Field whole = Field.allocate(local.precision(), global, local.ghost());
        try (Arena a = Arena.ofConfined(); CartesianGrid.Requests r = grid.requests(Math.max(1, ranks - 1))) {
            MemorySegment[] parts = new MemorySegment[ranks];
            for (int rank = 1; rank < ranks; rank++) {
                int[] s = slab(global.bandAxisSize(), ranks, rank);
                parts[rank] = a.allocate(rowBytes * rowsPerBand * s[1], 64);
                r.receive(parts[rank], rank, GATHER_TAG + tag);
            }
            parts[0] = a.allocate(rowBytes * rowsPerBand * subdomain.count(), 64);
            copyRows(local, 0, parts[0], subdomain.count(), rowsPerBand, rowBytes, true);
            r.waitAll();
            for (int rank = 0; rank < ranks; rank++) {
                int[] s = slab(global.bandAxisSize(), ranks, rank);
                copyRows(whole, s[0], parts[rank], s[1], rowsPerBand, rowBytes, false);
            }
        } catch (RuntimeException | Error e) {
            whole.close();
            throw e;
        }
        return whole;
    }

    /** Rows of bands [from, from + count) of f to (pack) or from a packed buffer of rows. */
    private static void copyRows(Field f, int from, MemorySegment packed, int count, int rowsPerBand, long rowBytes, boolean pack) {
        long at = 0;
        for (int b = from; b < from + count; b++) {
            for (int y = 0; y < rowsPerBand; y++, at += rowBytes) {
                long row = f.dims() == 3 ? f.rowOffset(y, b) : f.rowOffset(b, 0);
                if (pack) {
                    MemorySegment.copy(f.segment(), row, packed, at, rowBytes);
                } else {
                    MemorySegment.copy(packed, at, f.segment(), row, rowBytes);
                }
            }
        }
    }

    public CartesianGrid grid() {
        return grid;
    }
}
