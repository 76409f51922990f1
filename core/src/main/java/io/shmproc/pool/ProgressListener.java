package io.shmproc.pool;

/**
 * Told about a long map's progress: once when it is submitted (0 done) and after every finished chunk, in
 * order of {@link Progress#done()}, on the pool's callback thread (never on the thread that delivers results,
 * so a slow listener does not slow the map). The last call has {@link Progress#isComplete()}.
 *
 * <pre>{@code
 * pool.map(x -> slow(x), items, MapOptions.defaults().chunksize(1).progress(new ConsoleProgressBar("work")));
 * }</pre>
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Reports progress; must not throw (what it throws is printed and ignored).
     *
     * @param progress the snapshot
     */
    void onProgress(Progress progress);
}
