package dev.jstencil.mpi;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * This process's place in a job: rank and size of MPI_COMM_WORLD, and the calls a distributed run makes.
 * {@link #world()} is a single rank (size 1, rank 0, every collective a no-op) unless mpirun started the
 * JVM ({@link #launchedByMpirun}); only then is the shim built and MPI initialised, with
 * MPI_Init_thread asking for MPI_THREAD_SERIALIZED and refusing less: one thread at a time makes MPI calls,
 * but not always the same one (a rank's first band does the halo exchange, on whichever thread steps it).
 */
public final class Mpi {
    /** MPI_THREAD_SERIALIZED (its value in Open MPI and MPICH alike): any thread may call MPI, never two at once. */
    static final int THREAD_SERIALIZED = 2;
    private static volatile Mpi world;
    private static final CountDownLatch FINALIZED = new CountDownLatch(1);

    private final boolean distributed;
    private final int rank;
    private final int size;
    private boolean finalized;

    private Mpi(boolean distributed, int rank, int size) {
        this.distributed = distributed;
        this.rank = rank;
        this.size = size;
    }

    /**
     * Whether an MPI launcher started this process: Open MPI's mpirun sets OMPI_COMM_WORLD_SIZE, PMIx-based
     * launchers PMIX_RANK, MPICH's Hydra PMI_SIZE.
     */
    public static boolean launchedByMpirun(Map<String, String> env) {
        return env.containsKey("OMPI_COMM_WORLD_SIZE") || env.containsKey("PMIX_RANK") || env.containsKey("PMI_SIZE");
    }

    /** The job this JVM belongs to: initialised on first use (MPI under mpirun, else a single rank). */
    public static Mpi world() {
        Mpi w = world;
        if (w == null) {
            synchronized (Mpi.class) {
                w = world;
                if (w == null) {
                    w = launchedByMpirun(System.getenv()) ? initialise() : new Mpi(false, 0, 1);
                    world = w;
                }
            }
        }
        return w;
    }

    private static Mpi initialise() {
        try {
            Class.forName(MpiNative.class.getName()); // builds and loads the shim: report why it could not, not the class's failure
        } catch (ExceptionInInitializerError e) {
            throw e.getCause() instanceof MpiException m ? m : new MpiException("loading the MPI shim failed: " + e.getCause(), e.getCause());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
        int abi = value("jsmpi_abi_version", () -> (int) MpiNative.ABI_VERSION_MH.invokeExact());
        if (abi != MpiHeader.ABI_VERSION) {
            throw new MpiException("the MPI shim has ABI version " + abi + " but this jstencil needs " + MpiHeader.ABI_VERSION
                    + ": delete it from the kernel cache and run again");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment provided = a.allocate(ValueLayout.JAVA_INT), out = a.allocate(ValueLayout.JAVA_INT);
            check("MPI_Init_thread", () -> (int) MpiNative.INIT_THREAD.invokeExact(THREAD_SERIALIZED, provided));
            int level = provided.get(ValueLayout.JAVA_INT, 0);
            if (level < THREAD_SERIALIZED) {
                throw new MpiException("MPI_Init_thread provided thread level " + level + ", below MPI_THREAD_SERIALIZED (" + THREAD_SERIALIZED
                        + ") which jstencil needs: use an MPI built with thread support");
            }
            check("MPI_Comm_rank", () -> (int) MpiNative.COMM_RANK.invokeExact(0, out));
            int rank = out.get(ValueLayout.JAVA_INT, 0);
            check("MPI_Comm_size", () -> (int) MpiNative.COMM_SIZE.invokeExact(0, out));
            return new Mpi(true, rank, out.get(ValueLayout.JAVA_INT, 0));
        }
    }

    /** Whether this is a job of MPI processes (possibly of one), rather than a JVM on its own. */
    public boolean distributed() {
        return distributed;
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** The largest (or smallest, or the sum) of every rank's {@code value}. */
    public long allreduceMax(long value) {
        return allreduce(value, MpiHeader.MAX);
    }

    public long allreduceMin(long value) {
        return allreduce(value, MpiHeader.MIN);
    }

    public long allreduceSum(long value) {
        return allreduce(value, MpiHeader.SUM);
    }

    private long allreduce(long value, int op) {
        if (!distributed) {
            return value;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(ValueLayout.JAVA_LONG);
            check("MPI_Allreduce", () -> (int) MpiNative.ALLREDUCE_LONG.invokeExact(value, op, 0, r));
            return r.get(ValueLayout.JAVA_LONG, 0);
        }
    }

    /** The largest (or smallest) of every rank's {@code value}. */
    public double allreduceMax(double value) {
        return allreduce(value, MpiHeader.MAX);
    }

    public double allreduceMin(double value) {
        return allreduce(value, MpiHeader.MIN);
    }

    private double allreduce(double value, int op) {
        if (!distributed) {
            return value;
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = a.allocate(ValueLayout.JAVA_DOUBLE);
            check("MPI_Allreduce", () -> (int) MpiNative.ALLREDUCE_DOUBLE.invokeExact(value, op, 0, r));
            return r.get(ValueLayout.JAVA_DOUBLE, 0);
        }
    }

    public void barrier() {
        if (distributed) {
            check("MPI_Barrier", () -> (int) MpiNative.BARRIER.invokeExact(0));
        }
    }

    /**
     * MPI_Dims_create: a balanced split of {@code nodes} ranks over {@code dims.length} axes; entries of
     * {@code dims} that are not 0 are kept (a single rank computes the same split itself).
     */
    public int[] dimsCreate(int nodes, int[] dims) {
        if (distributed) {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment d = a.allocateFrom(ValueLayout.JAVA_INT, dims);
                check("MPI_Dims_create", () -> (int) MpiNative.DIMS_CREATE.invokeExact(nodes, dims.length, d));
                return d.toArray(ValueLayout.JAVA_INT);
            }
        }
        int[] d = dims.clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] == 0 ? 1 : d[i]; // one rank: every free axis gets 1
        }
        return d;
    }

    /** MPI_Cart_create over every rank (reorder off); a single rank gets a topology of itself. */
    public CartesianGrid cartCreate(int[] dims, boolean[] periods) {
        return new CartesianGrid(this, dims, periods);
    }

    /**
     * Ends every rank of the job with {@code code} (MPI_Abort), after this rank printed why; outside mpirun,
     * exits this JVM. Does not return.
     */
    public void abort(int code) {
        if (distributed) {
            try {
                int ignored = (int) MpiNative.ABORT.invokeExact(code);
            } catch (Throwable t) {
                // nothing left to do but exit
            }
        }
        Runtime.getRuntime().halt(code);
    }

    /** MPI_Finalize (once; later calls do nothing). */
    public synchronized void finalizeMpi() {
        try {
            if (distributed && !finalized) {
                finalized = true;
                check("MPI_Finalize", () -> (int) MpiNative.FINALIZE.invokeExact());
            }
        } finally {
            FINALIZED.countDown();
        }
    }

    /**
     * Waits until this process has finalised MPI, or {@code timeout}: a shutdown hook (SIGTERM, Ctrl-C) that
     * returned earlier would end the JVM before MPI_Finalize, and mpirun would take the rank for failed.
     */
    public static void awaitFinalized(long timeout, TimeUnit unit) throws InterruptedException {
        FINALIZED.await(timeout, unit);
    }

    // ---- calling the shim -----------------------------------------------------------------------------

    /** A call of the shim, returning an int (an MPI error code, or a value). */
    @FunctionalInterface
    interface Call {
        int run() throws Throwable;
    }

    /** The int a shim call returns. */
    static int value(String function, Call call) {
        try {
            return call.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new MpiException(function + " failed: " + t, t);
        }
    }

    /** Makes a shim call that returns an MPI error code; throws an MpiException with MPI's text for it unless it is MPI_SUCCESS. */
    static void check(String function, Call call) {
        int code = value(function, call);
        if (code == 0) {
            return;
        }
        String text;
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(512);
            int n = value("MPI_Error_string", () -> (int) MpiNative.ERROR_STRING.invokeExact(code, s, 512));
            text = n > 0 ? s.getString(0) : "error " + code;
        } catch (RuntimeException e) {
            text = "error " + code;
        }
        throw new MpiException(function + " failed: " + text);
    }
}
