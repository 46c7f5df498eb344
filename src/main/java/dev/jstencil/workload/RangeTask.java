package dev.jstencil.workload;

/** Work on the index range [from, to) of a data-parallel loop; disjoint ranges may run concurrently. */
@FunctionalInterface
public interface RangeTask {
    void run(int from, int to) throws Exception;
}
