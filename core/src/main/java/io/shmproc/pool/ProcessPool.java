package io.shmproc.pool;

import io.shmproc.exceptions.PeerDiedException;
import io.shmproc.exceptions.RemoteFailureException;
import io.shmproc.exceptions.ShmprocException;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A pool of worker JVMs that run tasks: Python's {@code multiprocessing.Pool} as a
 * {@link java.util.concurrent.ExecutorService}, that never hangs on a dead worker.
 *
 * <pre>{@code
 * try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(2))) {
 *     List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));          // [1, 4, 9]
 *     AsyncResult<Integer> r = pool.applyAsync(x -> x + 1, 41, System.out::println, Throwable::printStackTrace);
 *     System.out.println(r.get());                                             // 42
 * }
 * }</pre>
 *
 * <p><b>Tasks</b> are serializable lambdas ({@link SerializableFunction}, {@link SerializableCallable},
 * {@link SerializableBiFunction}) or classes implementing them; the function is serialized once and sent once
 * to each worker, the arguments and results travel through the default object codec (compact for strings,
 * boxed primitives and byte arrays, Java serialization otherwise). Shared handles captured by a task re-attach in
 * the worker. An argument the codec cannot encode is rejected on the calling thread before anything is sent.
 *
 * <p><b>Failures.</b> A task's exception reaches the caller with its original type and the worker's stack trace:
 * as the cause of the {@link ExecutionException} of {@link AsyncResult#get()}, or of the
 * {@link RemoteFailureException} that the blocking methods ({@code apply}, {@code map}, {@code starmap}, the
 * iterators) throw. A result the worker cannot encode fails that task only, with a
 * {@link io.shmproc.exceptions.CodecException}.
 *
 * <p><b>Workers that die.</b> A worker killed by a signal, exiting on {@link OutOfMemoryError} (workers run with
 * {@code -XX:+ExitOnOutOfMemoryError}) or calling {@link System#exit} while running a task: that task fails
 * within a second with a {@link PeerDiedException} naming the worker's pid and its exit code or signal; the
 * tasks that worker had been sent but had not started go to other workers; a replacement worker starts; every
 * other task completes, and {@code map} and {@link #join()} return. (Python's {@code Pool.map} hangs forever
 * here.) Workers die with this JVM: they watch their parent, and a shutdown hook kills them.
 *
 * <p><b>Lifecycle.</b> {@link #shutdown()} is Python's {@code close()}: no new tasks, workers exit once the
 * submitted ones are done. {@link #close()} is {@code shutdown()} then {@link #join()} (so try-with-resources
 * waits for submitted tasks). {@link #terminate()} kills the workers at once and fails unfinished tasks with a
 * {@link io.shmproc.exceptions.ClosedException}. After the pool finishes, its control file is removed.
 *
 * <p>Thread-safe: any thread may submit. Results are delivered by one dispatcher thread; callbacks and progress
 * listeners run on a separate callback thread, so a slow callback never delays other results.
 */
public final class ProcessPool implements ExecutorService, AutoCloseable {
    private final PoolEngine engine;
    private final TaskEncoder encoder;
    private final PoolOptions options;

    private ProcessPool(final PoolOptions options, final PoolEngine engine) {
        this.options = options;
        this.engine = engine;
        this.encoder = new TaskEncoder(engine.maxMessageLength());
    }

    /**
     * Starts a pool with the default options ({@link #cpuCount()} workers).
     *
     * @return the running pool
     */
    public static ProcessPool create() {
        return create(PoolOptions.defaults());
    }

    /**
     * Starts a pool: creates its control file and starts its workers (they start in the background; tasks
     * submitted meanwhile wait in their rings).
     *
     * @param options the options (copied)
     * @return the running pool
     * @throws io.shmproc.exceptions.ShmprocException when the control file or a worker JVM cannot be created
     * @throws IllegalArgumentException               when the initializer is not serializable
     */
    public static ProcessPool create(final PoolOptions options) {
        final PoolOptions copy = Objects.requireNonNull(options, "options").copy();
        return new ProcessPool(copy, new MappedPoolEngine(copy));
    }

    /**
     * Starts a pool whose workers are linked to it through {@code links}, on this host or any other: what a
     * cluster context's {@code pool(options)} returns. The API and its guarantees are those of a local pool, with
     * these differences: a worker's death (or its host's loss) is noticed when its link ends, within the link's
     * liveness timeout (a few seconds on a cluster) instead of within a second, and the error names its host;
     * tasks wait while no worker is linked; {@link #terminate()} closes the links and kills the workers this
     * side started, while a worker on another host finishes the task it runs and then goes back to waiting for
     * a pool; {@code ringCapacity} does not apply (a message is at most 256 KiB).
     *
     * @param options the options (copied; {@code processes} is how many workers {@code links} starts on this host)
     * @param links   where workers come from; closed when the pool ends
     * @return the running pool
     * @throws IllegalArgumentException when the initializer is not serializable
     */
    public static ProcessPool create(final PoolOptions options, final WorkerLinks links) {
        final PoolOptions copy = Objects.requireNonNull(options, "options").copy();
        Objects.requireNonNull(links, "links");
        try {
            return new ProcessPool(copy, new LinkedPoolEngine(copy, links));
        } catch (final RuntimeException e) {
            links.close();
            throw e;
        }
    }

    /**
     * The number of CPUs this JVM may use (Python's {@code cpu_count()}), the default pool size.
     *
     * @return at least 1
     */
    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    // ---- apply ----

    /**
     * Runs a task in a worker and waits for its result (Python's {@code apply}).
     *
     * @param task the task
     * @param <R>  the result type
     * @return its result
     * @throws RemoteFailureException when the task failed; the cause is its exception, of the original type
     * @throws java.util.concurrent.RejectedExecutionException when the pool is shut down
     */
    public <R> R apply(final SerializableCallable<R> task) {
        return applyAsync(task).join();
    }

    /**
     * Runs {@code fn(arg)} in a worker and waits for its result (Python's {@code apply(fn, (arg,))}).
     *
     * @param fn  the function
     * @param arg its argument
     * @param <T> the argument type
     * @param <R> the result type
     * @return the result
     * @throws RemoteFailureException when the task failed; the cause is its exception
     * @throws io.shmproc.exceptions.CodecException when the argument cannot be encoded
     */
    public <T, R> R apply(final SerializableFunction<T, R> fn, final T arg) {
        return applyAsync(fn, arg).join();
    }

    /**
     * Submits a task (Python's {@code apply_async}).
     *
     * @param task the task
     * @param <R>  the result type
     * @return its pending result
     */
    public <R> AsyncResult<R> applyAsync(final SerializableCallable<R> task) {
        return applyAsync(task, null, null);
    }

    /**
     * Submits a task with callbacks, run in this process on the pool's callback thread (Python's
     * {@code apply_async(fn, callback=, error_callback=)}).
     *
     * @param task          the task
     * @param callback      given the result on success, or {@code null}
     * @param errorCallback given the failure otherwise, or {@code null}
     * @param <R>           the result type
     * @return its pending result
     */
    public <R> AsyncResult<R> applyAsync(final SerializableCallable<R> task, final Consumer<? super R> callback,
                                         final Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(task, "task");
        return submitSingle(task, Invoker.ofCallable(task), 0, null, callback, errorCallback);
    }

    /**
     * Submits {@code fn(arg)} (Python's {@code apply_async(fn, (arg,))}).
     *
     * @param fn  the function
     * @param arg its argument
     * @param <T> the argument type
     * @param <R> the result type
     * @return the pending result
     * @throws io.shmproc.exceptions.CodecException when the argument cannot be encoded
     */
    public <T, R> AsyncResult<R> applyAsync(final SerializableFunction<T, R> fn, final T arg) {
        return applyAsync(fn, arg, null, null);
    }

    /**
     * Submits {@code fn(arg)} with callbacks (Python's {@code apply_async(fn, (arg,), callback=, error_callback=)}).
     *
     * @param fn            the function
     * @param arg           its argument
     * @param callback      given the result on success, on the callback thread, or {@code null}
     * @param errorCallback given the failure otherwise, or {@code null}
     * @param <T>           the argument type
     * @param <R>           the result type
     * @return the pending result
     * @throws io.shmproc.exceptions.CodecException when the argument cannot be encoded
     * @throws java.util.concurrent.RejectedExecutionException when the pool is shut down
     */
    public <T, R> AsyncResult<R> applyAsync(final SerializableFunction<T, R> fn, final T arg,
                                            final Consumer<? super R> callback,
                                            final Consumer<? super Throwable> errorCallback) {
        Objects.requireNonNull(fn, "fn");
        return submitSingle(fn, Invoker.of(fn), 1, arg, callback, errorCallback);
    }

    private <R> AsyncResult<R> submitSingle(final Object key, final Invoker invoker, final int arity, final Object arg,
                                            final Consumer<? super R> callback,
                                            final Consumer<? super Throwable> errorCallback) {
        final FunctionCache.Fn fn = engine.functions().lookup(key, invoker);
        final byte[] body = encoder.single(arity, arg, null);
        final SingleJob<R> job = new SingleJob<>(fn, body, callback, errorCallback, engine.callbacks());
        engine.submit(job);
        return job.asyncResult();
    }

    // ---- map ----

    /**
     * Applies {@code fn} to every item in the workers and waits for the list of results, in order (Python's
     * {@code map}); the chunk size is chosen like Python's.
     *
     * @param fn    the function
     * @param items the items (read once, on this thread)
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the results
     * @throws RemoteFailureException when a task failed (the first failure; other chunks still ran)
     */
    public <T, R> List<R> map(final SerializableFunction<T, R> fn, final Iterable<? extends T> items) {
        return map(fn, items, MapOptions.defaults());
    }

    /**
     * {@link #map(SerializableFunction, Iterable)} with a chunk size.
     *
     * @param fn        the function
     * @param items     the items
     * @param chunksize items per task, 1 or more
     * @param <T>       the item type
     * @param <R>       the result type
     * @return the results
     * @throws RemoteFailureException when a task failed
     */
    public <T, R> List<R> map(final SerializableFunction<T, R> fn, final Iterable<? extends T> items,
                              final int chunksize) {
        return map(fn, items, MapOptions.defaults().chunksize(chunksize));
    }

    /**
     * {@link #map(SerializableFunction, Iterable)} with options (chunk size, progress listener).
     *
     * @param fn      the function
     * @param items   the items
     * @param options the options
     * @param <T>     the item type
     * @param <R>     the result type
     * @return the results
     * @throws RemoteFailureException when a task failed
     */
    public <T, R> List<R> map(final SerializableFunction<T, R> fn, final Iterable<? extends T> items,
                              final MapOptions options) {
        return mapAsync(fn, items, options).join();
    }

    /**
     * Submits a map (Python's {@code map_async}).
     *
     * @param fn    the function
     * @param items the items
     * @param <T>   the item type
     * @param <R>   the result type
     * @return the pending list of results
     */
    public <T, R> AsyncResult<List<R>> mapAsync(final SerializableFunction<T, R> fn,
                                                final Iterable<? extends T> items) {
        return mapAsync(fn, items, MapOptions.defaults());
    }

    /**
     * Submits a map with options (chunk size, progress listener, callbacks).
     *
     * @param fn      the function
     * @param items   the items
     * @param options the options
     * @param <T>     the item type
     * @param <R>     the result type
     * @return the pending list of results; it fails with the first chunk that fails
     */
    @SuppressWarnings("unchecked")
    public <T, R> AsyncResult<List<R>> mapAsync(final SerializableFunction<T, R> fn,
                                                final Iterable<? extends T> items, final MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        final MapRun run = submitMap(fn, Invoker.of(fn), items, 1, options);
        return (AsyncResult<List<R>>) (AsyncResult<?>) run.asyncResult();
    }

    /**
     * Applies {@code fn} to every item, returning results in input order as they come in (Python's {@code imap},
     * chunk size 1).
     *
     * @param fn    the function
     * @param items the items, read lazily as results are taken (see {@link PoolIterator}); may be endless
     * @param <T>   the item type
     * @param <R>   the result type
     * @return an iterator over the results
     */
    public <T, R> PoolIterator<R> imap(final SerializableFunction<T, R> fn, final Iterable<? extends T> items) {
        return imap(fn, items, MapOptions.defaults());
    }

    /**
     * {@link #imap(SerializableFunction, Iterable)} with a chunk size.
     *
     * @param fn        the function
     * @param items     the items
     * @param chunksize items per task
     * @param <T>       the item type
     * @param <R>       the result type
     * @return an iterator over the results
     */
    public <T, R> PoolIterator<R> imap(final SerializableFunction<T, R> fn, final Iterable<? extends T> items,
                                       final int chunksize) {
        return imap(fn, items, MapOptions.defaults().chunksize(chunksize));
    }

    /**
     * {@link #imap(SerializableFunction, Iterable)} with options.
     *
     * @param fn      the function
     * @param items   the items
     * @param options the options
     * @param <T>     the item type
     * @param <R>     the result type
     * @return an iterator over the results, in input order
     */
    public <T, R> PoolIterator<R> imap(final SerializableFunction<T, R> fn, final Iterable<? extends T> items,
                                       final MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        return submitLazy(fn, Invoker.of(fn), items, options, true);
    }

    /**
     * Like {@link #imap(SerializableFunction, Iterable)} but in completion order (Python's
     * {@code imap_unordered}).
     *
     * @param fn    the function
     * @param items the items
     * @param <T>   the item type
     * @param <R>   the result type
     * @return an iterator over the results, first finished first
     */
    public <T, R> PoolIterator<R> imapUnordered(final SerializableFunction<T, R> fn,
                                                final Iterable<? extends T> items) {
        return imapUnordered(fn, items, MapOptions.defaults());
    }

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable)} with a chunk size.
     *
     * @param fn        the function
     * @param items     the items
     * @param chunksize items per task
     * @param <T>       the item type
     * @param <R>       the result type
     * @return an iterator over the results
     */
    public <T, R> PoolIterator<R> imapUnordered(final SerializableFunction<T, R> fn,
                                                final Iterable<? extends T> items, final int chunksize) {
        return imapUnordered(fn, items, MapOptions.defaults().chunksize(chunksize));
    }

    /**
     * {@link #imapUnordered(SerializableFunction, Iterable)} with options.
     *
     * @param fn      the function
     * @param items   the items
     * @param options the options
     * @param <T>     the item type
     * @param <R>     the result type
     * @return an iterator over the results, first finished first
     */
    public <T, R> PoolIterator<R> imapUnordered(final SerializableFunction<T, R> fn,
                                                final Iterable<? extends T> items, final MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        return submitLazy(fn, Invoker.of(fn), items, options, false);
    }

    /**
     * Applies {@code fn(a, b)} to every pair and waits for the results, in order (Python's {@code starmap};
     * {@link Map#entry} makes a pair).
     *
     * @param fn    the function
     * @param pairs the argument pairs
     * @param <A>   the first argument type
     * @param <B>   the second argument type
     * @param <R>   the result type
     * @return the results
     * @throws RemoteFailureException when a task failed
     */
    public <A, B, R> List<R> starmap(final SerializableBiFunction<A, B, R> fn,
                                     final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return starmap(fn, pairs, MapOptions.defaults());
    }

    /**
     * {@link #starmap(SerializableBiFunction, Iterable)} with options.
     *
     * @param fn      the function
     * @param pairs   the argument pairs
     * @param options the options
     * @param <A>     the first argument type
     * @param <B>     the second argument type
     * @param <R>     the result type
     * @return the results
     * @throws RemoteFailureException when a task failed
     */
    public <A, B, R> List<R> starmap(final SerializableBiFunction<A, B, R> fn,
                                     final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs,
                                     final MapOptions options) {
        return starmapAsync(fn, pairs, options).join();
    }

    /**
     * Submits a starmap (Python's {@code starmap_async}).
     *
     * @param fn    the function
     * @param pairs the argument pairs
     * @param <A>   the first argument type
     * @param <B>   the second argument type
     * @param <R>   the result type
     * @return the pending list of results
     */
    public <A, B, R> AsyncResult<List<R>> starmapAsync(final SerializableBiFunction<A, B, R> fn,
        final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs) {
        return starmapAsync(fn, pairs, MapOptions.defaults());
    }

    /**
     * Submits a starmap with options.
     *
     * @param fn      the function
     * @param pairs   the argument pairs
     * @param options the options
     * @param <A>     the first argument type
     * @param <B>     the second argument type
     * @param <R>     the result type
     * @return the pending list of results
     */
    @SuppressWarnings("unchecked")
    public <A, B, R> AsyncResult<List<R>> starmapAsync(final SerializableBiFunction<A, B, R> fn,
        final Iterable<? extends Map.Entry<? extends A, ? extends B>> pairs, final MapOptions options) {
        Objects.requireNonNull(fn, "fn");
        final MapRun run = submitMap(fn, Invoker.of(fn), pairs, 2, options);
        return (AsyncResult<List<R>>) (AsyncResult<?>) run.asyncResult();
    }

    private <R> PoolIterator<R> submitLazy(final Object key, final Invoker invoker, final Iterable<?> items,
                                           final MapOptions options, final boolean ordered) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        final FunctionCache.Fn fn = engine.functions().lookup(key, invoker);
        final int chunksize = options.chunksize() != MapOptions.AUTO_CHUNKSIZE ? options.chunksize() : 1;
        final LazyMapRun run = new LazyMapRun(engine::submit, engine.processes(), engine.callbacks(), encoder,
            fn, items.iterator(), ordered, 1, chunksize, options);
        run.start();
        return new PoolIterator<>(run, ordered);
    }

    private MapRun submitMap(final Object key, final Invoker invoker, final Iterable<?> items, final int arity,
                             final MapOptions options) {
        Objects.requireNonNull(items, "items");
        Objects.requireNonNull(options, "options");
        final FunctionCache.Fn fn = engine.functions().lookup(key, invoker);
        final List<?> list = toList(items);
        final int chunksize = options.chunksize() != MapOptions.AUTO_CHUNKSIZE ? options.chunksize()
            : autoChunksize(list.size(), engine.processes());
        final MapRun run = new MapRun(list.size(), options, engine.callbacks());
        final int[] counted = new int[1];
        int from = 0;
        try {
            while (from < list.size()) {
                final byte[] body = encoder.chunk(list, from, chunksize, arity, counted);
                engine.submit(new ChunkJob(fn, body, counted[0], run, from));
                from += counted[0];
                run.submitted(from);
            }
        } catch (final java.util.concurrent.RejectedExecutionException e) {
            if (from == 0) {
                throw e;
            }
            run.submissionFailed(from, e);
        } catch (final RuntimeException e) {
            run.submissionFailed(from, e);
        }
        return run;
    }

    /**
     * Python's default chunk size for {@code map}: {@code ceil(items / (4 * processes))}.
     *
     * @param items     the number of items
     * @param processes the number of workers
     * @return the chunk size, at least 1
     */
    static int autoChunksize(final int items, final int processes) {
        final int per = processes * 4;
        return Math.max(1, items / per + (items % per == 0 ? 0 : 1));
    }

    private static List<?> toList(final Iterable<?> items) {
        if (items instanceof List && items instanceof java.util.RandomAccess) {
            return (List<?>) items;
        }
        final List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        return list;
    }

    // ---- lifecycle ----

    /**
     * The pids of the live workers, in slot order: a snapshot (a dying worker may be in it, its replacement not
     * yet).
     *
     * @return the pids
     */
    public List<Long> workerPids() {
        return engine.workerPids();
    }

    /**
     * The pool's control file (tests and the inspector look at it).
     *
     * @return its path
     */
    java.nio.file.Path controlFile() {
        return engine.regionPath();
    }

    /**
     * The number of worker slots.
     *
     * @return {@link PoolOptions#processes()}
     */
    public int processes() {
        return engine.processes();
    }

    /**
     * Stops accepting tasks (Python's {@code close()}); submitted tasks still run, then the workers exit. Does
     * not wait: see {@link #join()}. Idempotent.
     */
    @Override
    public void shutdown() {
        engine.shutdown();
    }

    /**
     * Kills the workers now (SIGKILL), fails every unfinished task with a
     * {@link io.shmproc.exceptions.ClosedException}, removes the control file and waits until all that is done
     * (Python's {@code terminate()}).
     */
    public void terminate() {
        engine.terminate();
        awaitQuietly();
    }

    /**
     * {@link #terminate()}.
     *
     * @return an empty list: the tasks never started are failed, not returned
     */
    @Override
    public List<Runnable> shutdownNow() {
        terminate();
        return List.of();
    }

    /**
     * Waits until the workers have exited and every callback has run (Python's {@code join()}).
     *
     * @throws IllegalStateException when neither {@link #shutdown()}, {@link #close()} nor {@link #terminate()}
     *                               was called
     */
    public void join() {
        if (engine.state() == PoolEngine.State.RUNNING) {
            throw new IllegalStateException("join() on a running pool would wait forever; call close() (or"
                + " shutdown()/terminate()) first");
        }
        awaitQuietly();
    }

    private void awaitQuietly() {
        try {
            engine.awaitFinished(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShmprocException("interrupted while waiting for the pool to finish", e);
        }
    }

    /**
     * {@link #shutdown()} then {@link #join()}: waits for every submitted task, then for the workers to exit.
     * Idempotent.
     */
    @Override
    public void close() {
        shutdown();
        join();
    }

    @Override
    public boolean isShutdown() {
        return engine.state() != PoolEngine.State.RUNNING;
    }

    @Override
    public boolean isTerminated() {
        return engine.isFinished();
    }

    @Override
    public boolean awaitTermination(final long timeout, final TimeUnit unit) throws InterruptedException {
        return engine.awaitFinished(timeout, unit);
    }

    // ---- ExecutorService ----

    /**
     * Submits a task; a lambda passed here is a {@link SerializableCallable}.
     *
     * @param task the task
     * @param <T>  the result type
     * @return its pending result
     */
    public <T> AsyncResult<T> submit(final SerializableCallable<T> task) {
        return applyAsync(task);
    }

    /**
     * Submits a task, which must also be {@link Serializable}.
     *
     * @param task the task
     * @param <T>  the result type
     * @return its pending result
     * @throws IllegalArgumentException when the task is not serializable
     */
    @Override
    public <T> AsyncResult<T> submit(final Callable<T> task) {
        requireSerializable(task);
        return submitSingle(task, Invoker.ofCallable(task), 0, null, null, null);
    }

    /**
     * Submits a task, which must also be {@link Serializable}.
     *
     * @param task   the task
     * @param result what the future returns on success
     * @param <T>    the result type
     * @return its pending result
     * @throws IllegalArgumentException when the task is not serializable
     */
    @Override
    public <T> AsyncResult<T> submit(final Runnable task, final T result) {
        requireSerializable(task);
        final AsyncResult<T> done = new AsyncResult<>();
        final AsyncResult<Object> remote = submitSingle(task, Invoker.ofRunnable(task), 0, null, null, null);
        remote.future().whenComplete((ignored, failure) -> {
            if (failure == null) {
                done.complete(result);
            } else {
                done.fail(failure);
            }
        });
        return done;
    }

    /**
     * Submits a task, which must also be {@link Serializable}.
     *
     * @param task the task
     * @return its pending result ({@code null} on success)
     * @throws IllegalArgumentException when the task is not serializable
     */
    @Override
    public AsyncResult<?> submit(final Runnable task) {
        requireSerializable(task);
        return submitSingle(task, Invoker.ofRunnable(task), 0, null, null, null);
    }

    /**
     * Runs a task, which must also be {@link Serializable}; its failure is printed by nobody: prefer
     * {@link #submit(Runnable)}.
     *
     * @param task the task
     * @throws IllegalArgumentException when the task is not serializable
     */
    @Override
    public void execute(final Runnable task) {
        submit(task);
    }

    @Override
    public <T> List<Future<T>> invokeAll(final Collection<? extends Callable<T>> tasks) throws InterruptedException {
        return Invocations.invokeAll(this::submit, tasks, Long.MAX_VALUE);
    }

    @Override
    public <T> List<Future<T>> invokeAll(final Collection<? extends Callable<T>> tasks, final long timeout,
                                         final TimeUnit unit) throws InterruptedException {
        return Invocations.invokeAll(this::submit, tasks, unit.toNanos(timeout));
    }

    @Override
    public <T> T invokeAny(final Collection<? extends Callable<T>> tasks)
        throws InterruptedException, ExecutionException {
        try {
            return Invocations.invokeAny(this::submit, tasks, Long.MAX_VALUE);
        } catch (final TimeoutException e) {
            throw new IllegalStateException("unreachable: no timeout", e);
        }
    }

    @Override
    public <T> T invokeAny(final Collection<? extends Callable<T>> tasks, final long timeout, final TimeUnit unit)
        throws InterruptedException, ExecutionException, TimeoutException {
        return Invocations.invokeAny(this::submit, tasks, unit.toNanos(timeout));
    }

    private static void requireSerializable(final Object task) {
        Objects.requireNonNull(task, "task");
        if (!(task instanceof Serializable)) {
            throw new IllegalArgumentException("task " + task + " is a " + task.getClass().getName() + ", which is"
                + " not Serializable, so it cannot be sent to a worker process; use a SerializableCallable (a lambda"
                + " passed to submit(...) directly is one) or a class implementing Serializable");
        }
    }

    /**
     * The unchecked form of a task's failure, thrown by the blocking methods.
     *
     * @param cause the cause of the failure
     * @return the exception to throw
     */
    static RuntimeException unchecked(final Throwable cause) {
        if (cause instanceof CancellationException) {
            return (CancellationException) cause;
        }
        long pid = -1;
        for (final Throwable suppressed : cause.getSuppressed()) {
            if (suppressed instanceof RemoteFailureException) {
                pid = ((RemoteFailureException) suppressed).pid();
            }
        }
        if (cause instanceof RemoteFailureException) {
            pid = ((RemoteFailureException) cause).pid();
        }
        final String where = pid >= 0 ? " in pool worker pid " + pid : "";
        return new RemoteFailureException(pid, "pool task failed" + where + ": " + cause, cause);
    }

    /**
     * Waits at most {@code timeout} for the pool to finish after {@link #shutdown()}.
     *
     * @param timeout how long
     * @return whether it finished
     * @throws InterruptedException when interrupted
     */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException {
        return engine.awaitFinished(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public String toString() {
        return "ProcessPool[" + engine.processes() + " workers, pids " + engine.workerPids() + ", "
            + engine.state() + ", " + options.maxTasksPerChild() + " tasks per child]";
    }
}
