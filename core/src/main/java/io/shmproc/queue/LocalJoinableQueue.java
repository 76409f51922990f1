package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.channel.MpmcLayout;
import io.shmproc.memory.Sleepers;
import io.shmproc.memory.SleepingIdleStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.IdleStrategy;

/**
 * The local implementation of {@link JoinableQueue}: see there for what it guarantees.
 */
final class LocalJoinableQueue<E> extends AbstractSharedQueue<E> implements JoinableQueue<E> {
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

    LocalJoinableQueue(final MpmcChannel channel, final QueueOptions options) {
        super(channel, options, Flavour.JOINABLE);
        this.joiners = new Sleepers(channel.buffer(), JOIN_SLEEPERS_OFFSET,
            channel.file().toAbsolutePath().getParent());
        this.sleepyJoin = options.idle() == IdleMode.BACKOFF && joiners.usable();
    }

    public static <E> JoinableQueue<E> create(final Path file, final QueueOptions options) {
        return new LocalJoinableQueue<>(createChannel(file, options), options);
    }

    public static <E> JoinableQueue<E> attach(final Path file, final QueueOptions options) {
        return new LocalJoinableQueue<>(attachChannel(file), options);
    }

    public static <E> JoinableQueue<E> open(final Path file, final QueueOptions options) {
        return new LocalJoinableQueue<>(openChannel(file, options), options);
    }

    @Override
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

    @Override
    public long unfinishedTasks() {
        ensureOpen();
        final long done = channel.buffer().getLongVolatile(DONE_OFFSET);
        return Math.max(0, channel.writtenCount() - done);
    }

    @Override
    public void join() throws InterruptedException {
        awaitDone(Long.MAX_VALUE);
    }

    @Override
    public boolean join(final Duration timeout) throws InterruptedException {
        return join(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
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
