package dev.jstencil.parallel;

/**
 * The work of one band in one step (for a stencil: halo step, then the kernel on the band). It may
 * run concurrently with other bands of the same step, never with another step.
 */
@FunctionalInterface
public interface BandTask {
    void run(long step, Band band) throws Exception;
}
