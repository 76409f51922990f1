package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.channel.MpmcLayout;
import io.shmproc.exceptions.ClosedException;
import io.shmproc.memory.Sleepers;
import io.shmproc.memory.SleepingIdleStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

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
public final class JoinableQueue<E> extends AbstractSharedQueue<E> {
    private static final long serialVersionUID = 1L;
    private static final int DONE_OFFSET = MpmcLayout.userWordOffset(0);
    /**
     * User words 8 to 15 (the second cache line of the user words, 64-byte aligned): the sleeper table
     * ({@code SleepersLayout}) of threads asleep in {@link #join()}; {@link #taskDone()} wakes them.
     */
    private static final int JOIN_SLEEPERS_OFFSET = MpmcLayout.userWordOffset(8);
    /** Rounds a joiner spins and yields before it sleeps in the kernel (the backoff's spins and yields). */
    private static final int JOIN_ACTIVE_ROUNDS = IdleMode.BACKOFF_SPINS + IdleMode.BACKOFF_YIELDS;

    private final transient Sleepers joiners;
    private final transient boolean sleepyJoin;

    private JoinableQueue(final MpmcChannel channel, final QueueOptions options) {
        super(channel, options, Flavour.JOINABLE);
        this.joiners = new Sleepers(channel.buffer(), JOIN_SLEEPERS_OFFSET,
            channel.file().toAbsolutePath().getParent());
        this.sleepyJoin = options.idle() == IdleMode.BACKOFF && joiners.usable();
    }

    /**
     * Creates a joinable queue file.
     *
     * @param file    where; must not exist
     * @param options capacity, bounds, codec, idle mode
     * @param <E>     the type of items
     * @return the creator's handle
     * @throws io.shmproc.exceptions.RegionException when the file exists or cannot be created
     */
    public static <E> JoinableQueue<E> create(final Path file, final QueueOptions options) {
        return new JoinableQueue<>(createChannel(file, options), options);
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
    public static <E> JoinableQueue<E> attach(final Path file, final QueueOptions options) {
        return new JoinableQueue<>(attachChannel(file), options);
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
    public static <E> JoinableQueue<E> open(final Path file, final QueueOptions options) {
        return new JoinableQueue<>(openChannel(file, options), options);
    }

    /**
     * Marks one taken item as processed (Python's {@code task_done()}).
     *
     * @throws IllegalStateException when called more times than items were taken from the queue
     * @throws ClosedException when this handle is closed
     */
    public void taskDone() {
        ensureOpen();
        final AtomicBuffer buf = channel.buffer();
        while (true) {
            final long done = buf.getLongVolatile(DONE_OFFSET);
            final long taken = channel.readCount();
            if (done >= taken) {
                throw new IllegalStateException("taskDone() called more times than items were taken from "
                    + channel.file().getFileName() + " (" + taken + " taken, " + done + " already done)");
            }
            if (buf.compareAndSetLong(DONE_OFFSET, done, done + 1)) {
                if (joiners.anyone()) {
                    joiners.wakeAll(); // the CAS above is a full fence: no joiner's wake-up is lost
                }
                return;
            }
        }
    }

    /** The table of threads asleep in {@link #join()} (for tests). */
    Sleepers joiners() {
        return joiners;
    }

    /**
     * The number of items put and not yet marked done.
     *
     * @return the unfinished count
     * @throws ClosedException when this handle is closed
     */
    public long unfinishedTasks() {
        ensureOpen();
        final long done = channel.buffer().getLongVolatile(DONE_OFFSET);
        return Math.max(0, channel.writtenCount() - done);
    }

    /**
     * Waits until every item put so far has been taken and marked done (Python's {@code join()}).
     *
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException when this handle is closed, also while waiting
     */
    public void join() throws InterruptedException {
        awaitDone(Long.MAX_VALUE);
    }

    /**
     * Waits up to a timeout until every item put so far has been taken and marked done.
     *
     * @param timeout how long to wait
     * @return {@code true} when no task is unfinished, {@code false} when the timeout elapsed first
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException when this handle is closed
     */
    public boolean join(final Duration timeout) throws InterruptedException {
        return join(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Waits up to a timeout until every item put so far has been taken and marked done.
     *
     * @param timeout how long to wait
     * @param unit    its unit
     * @return {@code true} when no task is unfinished, {@code false} when the timeout elapsed first
     * @throws InterruptedException when interrupted while waiting
     * @throws ClosedException when this handle is closed
     */
    public boolean join(final long timeout, final TimeUnit unit) throws InterruptedException {
        return awaitDone(deadline(timeout, unit));
    }

    private boolean awaitDone(final long deadline) throws InterruptedException {
        final IdleStrategy idle = sleepyJoin
            ? new SleepingIdleStrategy(idle(), joiners, JOIN_ACTIVE_ROUNDS).deadline(deadline) : idle();
        idle.reset();
        try {
            while (true) {
                ensureOpen();
                if (unfinishedTasks() == 0) {
                    return true;
                }
                if (Thread.interrupted()) {
                    throw new InterruptedException("interrupted in join() of " + channel.file());
                }
                if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                    return false;
                }
                idle.idle();
            }
        } finally {
            if (idle instanceof SleepingIdleStrategy) {
                ((SleepingIdleStrategy) idle).done();
            }
        }
    }

    @Override
    public String toString() {
        return isClosed() ? super.toString() : super.toString().replace("]", ", " + unfinishedTasks() + " unfinished]");
    }
}
