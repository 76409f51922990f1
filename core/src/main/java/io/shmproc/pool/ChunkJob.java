package io.shmproc.pool;

/**
 * One chunk of a {@code map}: calls {@code first} to {@code first + calls - 1} of a {@link ChunkSink}
 * ({@link MapRun} or {@link LazyMapRun}).
 */
final class ChunkJob extends Job {
    private final ChunkSink run;
    private final long first;

    ChunkJob(final FunctionCache.Fn fn, final byte[] body, final int calls, final ChunkSink run,
             final long first) {
        super(fn, body, calls);
        this.run = run;
        this.first = first;
    }

    @Override
    void result(final int index, final Object value) {
        run.store(first + index, value);
    }

    @Override
    void succeeded() {
        run.chunkSucceeded(first, calls);
    }

    @Override
    void failed(final Throwable cause) {
        run.chunkFailed(first, calls, cause);
    }

    @Override
    boolean isCancelled() {
        return run.isCancelled();
    }
}
