package io.shmproc.memory;

import java.nio.file.Path;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A sleeper table in a shared region ({@link SleepersLayout}): waiters about to sleep in the kernel publish
 * their sleeper id ({@link KernelWakeup}), signallers that see one wake it with one system call.
 *
 * <p><b>Protocol.</b> A waiter claims a free slot with a CAS, then increments {@code COUNT} (a full fence),
 * then checks its condition once more and only then sleeps; after waking it withdraws its id (CAS back to 0
 * and decrement, unless a waker took it). A signaller first makes its change visible, then reads
 * {@code COUNT}: zero, and it is done (one load of a line nobody writes while nobody sleeps); otherwise it takes
 * an id out of a slot with a CAS, decrements {@code COUNT} and wakes that sleeper. Whoever removes an id
 * decrements, so a sleeper that died in its sleep is removed by the next signaller and costs nothing after.
 *
 * <p><b>Lost wake-ups.</b> The signaller does not fence between its change and its load of {@code COUNT} (a
 * fence per message would cost the streaming paths); a wake-up can therefore be missed only in the few
 * nanoseconds a store waits in a store buffer while a waiter publishes itself, and the waiter re-checks after
 * a short spin before sleeping and in any case wakes after {@link KernelWakeup#periodNanos()}.
 *
 * <p>A table holds {@link SleepersLayout#SLOTS} sleepers; further waiters back off as without kernel wake-up.
 */
public final class Sleepers {
    /** No table: nobody can sleep, {@link #anyone()} is always {@code false} (a word lock inside a caller's region). */
    public static final Sleepers NONE = new Sleepers(null, 0, null);

    private final AtomicBuffer buffer;
    private final int offset;
    private final Path dir;

    /**
     * A view of a table.
     *
     * @param buffer the region's payload, {@code null} only for {@link #NONE}
     * @param offset the table's offset, 8-byte aligned
     * @param dir    the directory of the region (where sleepers' sockets live), {@code null} for none
     */
    public Sleepers(final AtomicBuffer buffer, final int offset, final Path dir) {
        this.buffer = buffer;
        this.offset = offset;
        this.dir = dir;
    }

    /**
     * Whether sleeping is possible here: kernel wake-up is on and the region has a directory.
     *
     * @return {@code true} when {@link #publish()} may succeed
     */
    public boolean usable() {
        return dir != null && buffer != null && KernelWakeup.enabled();
    }

    /**
     * Whether someone may be asleep: one plain-volatile load, the signaller's whole cost while nobody sleeps.
     *
     * @return {@code true} when {@link #wakeOne()} or {@link #wakeAll()} has work
     */
    public boolean anyone() {
        return buffer != null && buffer.getLongVolatile(offset + SleepersLayout.COUNT_OFFSET) != 0;
    }

    /**
     * Publishes the current thread as a sleeper; the caller then re-checks its condition, sleeps with
     * {@link #sleep(long)} and withdraws with {@link #withdraw(int)} whatever happened.
     *
     * @return the slot taken, or -1 when the table is full or the thread cannot sleep here
     */
    public int publish() {
        final long id = KernelWakeup.sleeperId(dir);
        if (id == 0) {
            return -1;
        }
        for (int slot = 0; slot < SleepersLayout.SLOTS; slot++) {
            final int at = offset + SleepersLayout.slotOffset(slot);
            if (buffer.getLongVolatile(at) == 0 && buffer.compareAndSetLong(at, 0, id)) {
                // full fence: the id is visible before this thread re-checks the condition it sleeps on
                buffer.getAndAddLong(offset + SleepersLayout.COUNT_OFFSET, 1);
                return slot;
            }
        }
        return -1;
    }

    /**
     * Sleeps in the kernel until woken, interrupted or {@code nanos} pass (bounded by the wake-up period).
     *
     * @param nanos the longest sleep
     */
    public void sleep(final long nanos) {
        KernelWakeup.sleep(dir, Math.min(nanos, KernelWakeup.periodNanos()));
    }

    /**
     * Withdraws the current thread's id from a slot {@link #publish()} returned, unless a waker took it.
     *
     * @param slot the slot
     */
    public void withdraw(final int slot) {
        final long id = KernelWakeup.sleeperId(dir);
        if (buffer.compareAndSetLong(offset + SleepersLayout.slotOffset(slot), id, 0)) {
            buffer.getAndAddLong(offset + SleepersLayout.COUNT_OFFSET, -1);
        }
    }

    /**
     * Wakes one sleeper, if any (the caller has made its change visible first).
     */
    public void wakeOne() {
        wake(false);
    }

    /**
     * Wakes every sleeper (the caller has made its change visible first).
     */
    public void wakeAll() {
        wake(true);
    }

    private void wake(final boolean all) {
        for (int slot = 0; slot < SleepersLayout.SLOTS; slot++) {
            final long id = take(slot);
            if (id != 0) {
                KernelWakeup.wake(dir, id);
                if (!all) {
                    return;
                }
            }
        }
    }

    /**
     * Takes the id out of a slot as a waker does right before its system call (package-visible for tests that
     * stand for a waker killed between the two).
     *
     * @param slot the slot
     * @return the id taken, 0 when the slot was free
     */
    public long take(final int slot) {
        final int at = offset + SleepersLayout.slotOffset(slot);
        final long id = buffer.getLongVolatile(at);
        if (id != 0 && buffer.compareAndSetLong(at, id, 0)) {
            buffer.getAndAddLong(offset + SleepersLayout.COUNT_OFFSET, -1);
            return id;
        }
        return 0;
    }

    /**
     * The number of published sleepers (approximate while others operate), for tests and tools.
     *
     * @return the count
     */
    public long count() {
        return buffer.getLongVolatile(offset + SleepersLayout.COUNT_OFFSET);
    }
}
