package io.shmproc.queue;

import io.shmproc.exceptions.ClosedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code multiprocessing.JoinableQueue}: a {@link SharedQueue} that also counts unfinished tasks
 * across processes, so that a producer can {@link #join()} until every item it (or anyone) put was taken and
 * marked done with {@link #taskDone()}.
 *
 * <p>The unfinished count is the number of items ever put minus the number of {@code taskDone()} calls, both
 * kept in the shared file; it rises when a put returns and falls with each {@code taskDone()}. Calling
 * {@code taskDone()} more times than items were taken is an error ({@code ValueError} in Python), here an
 * {@link IllegalStateException}, and changes nothing. A consumer killed after taking an item but before
 * calling {@code taskDone()} leaves that task unfinished for ever, as in Python: use {@link #join(Duration)}
 * when consumers may die.
 *
 * <pre>{@code
 * JoinableQueue<String> q = mp.joinableQueue("work");
 * // consumers: while (true) { String job = q.take(); handle(job); q.taskDone(); }
 * for (String job : jobs) q.put(job);
 * q.join();                                // every job handled
 * }</pre>
 *
 * @param <E> the type of items
 */
public interface JoinableQueue<E> extends SharedQueue<E> {
    /**
     * Creates a joinable queue file.
     *
     * @param file    where; must not exist
     * @param options capacity, bounds, codec, idle mode
     * @param <E>     the type of items
     * @return the creator's handle
     * @throws io.shmproc.exceptions.RegionException when the file exists or cannot be created
     */
    static <E> JoinableQueue<E> create(final Path file, final QueueOptions options) {
        return LocalJoinableQueue.create(file, options);
    }

    /**
     * Attaches to an existing queue file.
     *
     * @param file    the queue's file
     * @param options codec and idle mode for this handle
     * @param <E>     the type of items
     * @return a new handle
     * @throws io.shmproc.exceptions.RegionException when the file is missing, corrupt or not a queue
     */
    static <E> JoinableQueue<E> attach(final Path file, final QueueOptions options) {
        return LocalJoinableQueue.attach(file, options);
    }

    /**
     * Attaches to a queue file, creating it first if it does not exist.
     *
     * @param file    the queue's file
     * @param options options used if this call creates it
     * @param <E>     the type of items
     * @return a handle
     * @throws io.shmproc.exceptions.RegionException when the file cannot be created or attached
     */
    static <E> JoinableQueue<E> open(final Path file, final QueueOptions options) {
        return LocalJoinableQueue.open(file, options);
    }

    /**
     * Marks one taken item as processed (Python's {@code task_done()}).
     *
     * @throws IllegalStateException when called more times than items were taken from the queue
     * @throws ClosedException when this handle is closed
     */
    void taskDone();

    /**
     * The number of items put and not yet marked done.
     *
     * @return the unfinished count
     * @throws ClosedException when this handle is closed
     */
    long unfinishedTasks();

    /**
     * Waits until every item put so far has been taken and marked done (Python's {@code join()}).
     *
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException when this handle is closed, also while waiting
     */
    void join() throws InterruptedException;

    /**
     * Waits up to a timeout until every item put so far has been taken and marked done.
     *
     * @param timeout how long to wait
     * @return {@code true} when no task is unfinished, {@code false} when the timeout elapsed first
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException when this handle is closed
     */
    boolean join(final Duration timeout) throws InterruptedException;

    /**
     * Waits up to a timeout until every item put so far has been taken and marked done.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return {@code true} when no task is unfinished, {@code false} when the timeout elapsed first
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException when this handle is closed
     */
    boolean join(final long timeout, final TimeUnit unit) throws InterruptedException;
}
