package dev.jstencil.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The ranks as a Cartesian grid (MPI_Cart_create, periodic along the axes asked for, ranks not
 * reordered): this rank's coordinates, its neighbours along each axis, and non-blocking sends and
 * receives of byte ranges of memory between them. For a single rank outside mpirun the grid is that rank.
 */
public final class CartesianGrid {
    /** No neighbour this side: a physical boundary. */
    public static final int NONE = -1;

    private final Mpi mpi;
    private final int comm;
    private final int[] dims;
    private final int[] coords;
    private final int[][] neighbours; // [axis] = {below, above}, NONE where there is none
    private final int procNull;

    CartesianGrid(Mpi mpi, int[] dims, boolean[] periods) {
        this.mpi = mpi;
        this.dims = dims.clone();
        int n = dims.length;
        neighbours = new int[n][2];
        if (!mpi.distributed()) {
            comm = 0;
            procNull = NONE;
            coords = new int[n];
            for (int a = 0; a < n; a++) {
                neighbours[a][0] = neighbours[a][1] = periods[a] ? 0 : NONE;
            }
            return;
        }
        try (Arena a = Arena.ofConfined()) {
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = periods[i] ? 1 : 0;
            }
            MemorySegment d = a.allocateFrom(ValueLayout.JAVA_INT, dims), per = a.allocateFrom(ValueLayout.JAVA_INT, p);
            MemorySegment out = a.allocate(ValueLayout.JAVA_INT), out2 = a.allocate(ValueLayout.JAVA_INT);
            Mpi.check("MPI_Cart_create", () -> (int) MpiNative.CART_CREATE.invokeExact(n, d, per, out));
            int id = out.get(ValueLayout.JAVA_INT, 0);
            comm = id;
            MemorySegment c = a.allocate(ValueLayout.JAVA_INT, n);
            Mpi.check("MPI_Cart_coords", () -> (int) MpiNative.CART_COORDS.invokeExact(id, mpi.rank(), n, c));
            coords = c.toArray(ValueLayout.JAVA_INT);
            procNull = Mpi.value("jsmpi_proc_null", () -> (int) MpiNative.PROC_NULL.invokeExact());
            for (int axis = 0; axis < n; axis++) {
                int direction = axis;
                Mpi.check("MPI_Cart_shift", () -> (int) MpiNative.CART_SHIFT.invokeExact(id, direction, 1, out, out2));
                int below = out.get(ValueLayout.JAVA_INT, 0), above = out2.get(ValueLayout.JAVA_INT, 0);
                neighbours[axis][0] = below == procNull ? NONE : below;
                neighbours[axis][1] = above == procNull ? NONE : above;
            }
        }
    }

    public Mpi mpi() {
        return mpi;
    }

    public int[] dims() {
        return dims.clone();
    }

    public int[] coords() {
        return coords.clone();
    }

    /** The coordinates of {@code rank} in the grid (MPI_Cart_coords). */
    public int[] coordsOf(int rank) {
        if (!mpi.distributed()) {
            return coords.clone();
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment c = a.allocate(ValueLayout.JAVA_INT, dims.length);
            Mpi.check("MPI_Cart_coords", () -> (int) MpiNative.CART_COORDS.invokeExact(comm, rank, dims.length, c));
            return c.toArray(ValueLayout.JAVA_INT);
        }
    }

    /** The rank below ({@code side} 0) or above (1) this one along {@code axis}, or {@link #NONE}. */
    public int neighbour(int axis, int side) {
        return neighbours[axis][side];
    }

    /** Room for {@code count} requests of non-blocking calls; wait for them with {@link Requests#waitAll()}. */
    public Requests requests(int count) {
        return new Requests(count);
    }

    /** Non-blocking sends and receives in flight: started with {@link #send} and {@link #receive}, ended by {@link #waitAll}. */
    public final class Requests implements AutoCloseable {
        // shared: a rank's exchange runs on whichever thread steps its first band, a new one each run
        private final Arena arena = Arena.ofShared();
        private final MemorySegment handles;
        private final int capacity;
        private int used;

        private Requests(int capacity) {
            this.capacity = capacity;
            int bytes = mpi.distributed() ? Mpi.value("jsmpi_request_bytes", () -> (int) MpiNative.REQUEST_BYTES.invokeExact()) : 8;
            handles = arena.allocate((long) bytes * Math.max(1, capacity), 8);
        }

        /** MPI_Isend of {@code data} (native memory) to {@code rank}; nothing if {@code rank} is {@link #NONE}. */
        public void send(MemorySegment data, int rank, int tag) {
            start(true, data, rank, tag);
        }

        /** MPI_Irecv into {@code data} from {@code rank}. */
        public void receive(MemorySegment data, int rank, int tag) {
            start(false, data, rank, tag);
        }

        private void start(boolean send, MemorySegment data, int rank, int tag) {
            if (rank == NONE) {
                return;
            }
            if (!mpi.distributed()) {
                throw new IllegalStateException("a single rank has no one to " + (send ? "send to" : "receive from"));
            }
            if (used == capacity) {
                throw new IllegalStateException("more than " + capacity + " requests");
            }
            int index = used;
            if (send) {
                Mpi.check("MPI_Isend", () -> (int) MpiNative.ISEND.invokeExact(data, data.byteSize(), rank, tag, comm, handles, index));
            } else {
                Mpi.check("MPI_Irecv", () -> (int) MpiNative.IRECV.invokeExact(data, data.byteSize(), rank, tag, comm, handles, index));
            }
            used++;
        }

        /** MPI_Waitall of every request started; the memory they name may be used again afterwards. */
        public void waitAll() {
            if (used == 0) {
                return;
            }
            int count = used;
            Mpi.check("MPI_Waitall", () -> (int) MpiNative.WAITALL.invokeExact(count, handles));
            used = 0;
        }

        @Override
        public void close() {
            arena.close();
        }
    }

    @Override
    public String toString() {
        return "ranks " + String.join("x", Arrays.stream(dims).mapToObj(Integer::toString).toList()) + ", this one at "
                + Arrays.toString(coords);
    }
}
