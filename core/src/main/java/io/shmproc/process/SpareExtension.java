package io.shmproc.process;

/**
 * What an upper layer adds to a warm spare's warm-up: a spare runs every extension found through
 * {@code META-INF/services/io.shmproc.process.SpareExtension} after its own warm-up and before it reports ready,
 * so that the classes a child of that layer needs after the hand-off are loaded, initialized and run once. The
 * pool's, for instance, runs a pool worker's whole path on a private control file.
 *
 * <p>An extension must leave nothing visible to the target (no file, no thread, no static state of shmproc's
 * that a target could see); one that fails only makes the spare less warm.
 */
public interface SpareExtension {
    /**
     * Runs the warm-up in the calling thread (the spare's main thread, before it reports ready).
     *
     * @throws Exception on failure, which the spare ignores
     */
    void warmUp() throws Exception;
}
