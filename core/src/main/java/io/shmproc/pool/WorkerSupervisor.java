package io.shmproc.pool;

import io.shmproc.memory.ArrayBuffer;
import io.shmproc.process.ProcessGroup;
import io.shmproc.process.ShmProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.AtomicBuffer;

/**
 * The worker processes of one pool: one {@link WorkerSlot} per worker, the pool's own {@link ProcessGroup}, and the
 * means to start a worker in a slot, notice and reap its exit, ask every worker to stop, and kill them all. It
 * decides nothing about jobs: the dispatcher, told of each exit through an {@link ExitHandler}, recovers the dead
 * worker's results and jobs and decides whether to {@link #start start} a replacement.
 *
 * <p><b>Threads.</b> Used by the pool's dispatcher thread only (during construction, by the constructing thread),
 * except that the process-exit callback sets {@link WorkerSlot#exited} and unparks the dispatcher, {@link #pids()}
 * takes a snapshot from any thread and {@link #destroyAllForcibly()} runs on the JVM's shutdown hook.
 *
 * <p><b>Processes and crashes.</b> Workers are daemon {@link ShmProcess}es, so they exit when this JVM dies, even by
 * SIGKILL. An exit is noticed from the process-exit callback or, should that be missed, by a liveness check every
 * {@value #LIVENESS_CHECK_NANOS} ns of dispatcher time; the worker is then joined for its exit code (Python's -N for
 * signal N, {@value #UNKNOWN_EXIT} when unknown) and its handle released before the handler runs. A slot's memory
 * is zeroed only when no process uses it, just before its next worker starts, and the initializer message is in the
 * task ring before that worker exists. Workers sent STOP have {@value #STOP_GRACE_NANOS} ns to exit before all
 * live workers are killed; killed workers are reaped (joined, killed again after 5 s if need be, and closed).
 *
 * <pre>{@code
 * workers.startAll();                  // in the pool's constructor; close() if it throws
 * work += workers.checkExits();        // every dispatcher round
 * if (drained && workers.stopAll()) {  // every round after shutdown, until it returns true
 *     break;
 * }
 * workers.close();                     // on the way out: kills and reaps whatever is left
 * }</pre>
 */
final class WorkerSupervisor {
    static final long LIVENESS_CHECK_NANOS = 20_000_000L;
    static final long STOP_GRACE_NANOS = 10_000_000_000L;
    static final int UNKNOWN_EXIT = Integer.MIN_VALUE;

    /** What the dispatcher does when one of its workers has exited. */
    interface ExitHandler {
        /**
         * A worker exited and was reaped; its slot still holds its unread results and its jobs in flight. The
         * handler must mark the slot {@link WorkerSlot#dead dead} and may then
         * {@link WorkerSupervisor#start start} a replacement.
         *
         * @param slot     the worker's slot
         * @param exitCode the worker's exit code, -N after signal N, {@value WorkerSupervisor#UNKNOWN_EXIT} when
         *                 unknown
         */
        void onWorkerExit(WorkerSlot slot, int exitCode);
    }

    private final WorkerSlot[] slots;
    private final ProcessGroup group;
    private final WorkerLauncher launcher;
    private final ArrayBuffer initMessage;
    private final Runnable dispatcher;
    private final ExitHandler exitHandler;
    private long nextLivenessCheck;
    private long stopDeadline;

    /**
     * Lays the slots over the control region and creates the pool's process group; starts no process.
     *
     * @param payload     the control region's payload
     * @param options     the pool's options: processes, ring capacity, worker JVM options, tasks per child
     * @param regionPath  the control file, given to every worker; its directory holds the group's records
     * @param initMessage the encoded initializer, written first to every fresh task ring, or {@code null}
     * @param dispatcher  wakes the dispatcher thread (unpark, kernel wake-up) when a worker exits
     * @param exitHandler what the dispatcher does about an exit
     */
    WorkerSupervisor(final AtomicBuffer payload, final PoolOptions options, final Path regionPath,
                     final byte[] initMessage, final Runnable dispatcher, final ExitHandler exitHandler) {
        slots = new WorkerSlot[options.processes()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new WorkerSlot(payload, regionPath.toAbsolutePath().getParent(), i, options.ringCapacity());
        }
        group = ProcessGroup.create(regionPath.getParent(), List.of());
        launcher = new WorkerLauncher(group, regionPath, options.workerJvmOptions(), options.maxTasksPerChild());
        this.initMessage = initMessage == null ? null : ArrayBuffer.wrapping(initMessage);
        this.dispatcher = dispatcher;
        this.exitHandler = exitHandler;
    }

    /**
     * The slots, in index order: the array itself, for the dispatcher to iterate without allocating; not to be
     * modified.
     *
     * @return the slots
     */
    WorkerSlot[] slots() {
        return slots;
    }

    /**
     * The number of workers the pool keeps.
     *
     * @return the slot count
     */
    int size() {
        return slots.length;
    }

    /**
     * The pids of the live workers, in slot order (a snapshot from any thread; may race with a replacement).
     *
     * @return the pids
     */
    List<Long> pids() {
        final List<Long> pids = new ArrayList<>(slots.length);
        for (final WorkerSlot slot : slots) {
            if (!slot.dead) {
                pids.add(slot.pid);
            }
        }
        return pids;
    }

    /**
     * Starts a worker in every slot.
     *
     * @throws RuntimeException when a worker cannot be started; the caller then {@link #close closes} this
     */
    void startAll() {
        for (final WorkerSlot slot : slots) {
            start(slot);
        }
        launcher.keepSpares(slots.length);
    }

    /**
     * Starts the next generation of worker in a slot no process uses: zeroes it, writes the initializer message to
     * its task ring, starts the process and watches for its exit.
     *
     * @param slot the slot
     * @throws IllegalStateException when the fresh task ring refuses the initializer message
     * @throws io.shmproc.exceptions.ShmprocException when the JVM cannot be started
     */
    void start(final WorkerSlot slot) {
        if (slot.generation > 0) {
            // a fresh control file reads as zeros already: zeroing it would fault in every page of its rings
            // (2 MiB per worker by default) before the first worker can start
            slot.reset();
        }
        slot.generation++;
        if (initMessage != null && !slot.tasks.write(PoolProtocol.INIT, initMessage, 0, initMessage.capacity())) {
            // no worker runs in the slot yet: nobody to wake
            throw new IllegalStateException("a fresh task ring refused the initializer message");
        }
        final ShmProcess process = launcher.start(slot.index, slot.generation);
        slot.process = process;
        slot.pid = process.pid();
        slot.exited = false;
        slot.dead = false;
        ProcessHandle.of(slot.pid).ifPresent(handle -> handle.onExit().thenRun(() -> {
            if (slot.process == process) {
                slot.exited = true;
            }
            dispatcher.run();
        }));
    }

    /**
     * Hands every worker that has exited to the {@link ExitHandler}, after reaping it. The exit callback is
     * trusted on every call; whether the process is alive is asked at most every {@value #LIVENESS_CHECK_NANOS} ns.
     *
     * @return the number of exits handled
     */
    int checkExits() {
        final long now = System.nanoTime();
        final boolean periodic = now - nextLivenessCheck >= 0;
        if (periodic) {
            nextLivenessCheck = now + LIVENESS_CHECK_NANOS;
        }
        int work = 0;
        for (final WorkerSlot slot : slots) {
            if (!slot.dead && (slot.exited || (periodic && !slot.process.isAlive()))) {
                exitHandler.onWorkerExit(slot, joinExited(slot.process));
                work++;
            }
        }
        return work;
    }

    /** Waits up to a second for an exited worker, takes its exit code and releases its handle. */
    private static int joinExited(final ShmProcess process) {
        try {
            process.join(Duration.ofSeconds(1));
            final int exitCode = process.exitCode().orElse(UNKNOWN_EXIT);
            process.close();
            return exitCode;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return UNKNOWN_EXIT;
        } catch (final RuntimeException e) {
            return UNKNOWN_EXIT;
        }
    }

    /**
     * Asks every live worker to stop (a STOP record, once each, as soon as its task ring has room) and kills them
     * all once {@value #STOP_GRACE_NANOS} ns have passed since the first STOP went out. Call repeatedly, with
     * {@link #checkExits()} in between to notice the exits.
     *
     * @return {@code true} when every worker is dead or was killed now
     */
    boolean stopAll() {
        boolean allDead = true;
        for (final WorkerSlot slot : slots) {
            if (!slot.dead) {
                allDead = false;
                if (!slot.stopSent && slot.tasks.write(PoolProtocol.STOP, slot.memory, 0, 0)) {
                    slot.wakeWorker();
                    slot.stopSent = true;
                    if (stopDeadline == 0) {
                        stopDeadline = System.nanoTime() + STOP_GRACE_NANOS;
                    }
                }
            }
        }
        if (!allDead && stopDeadline != 0 && System.nanoTime() - stopDeadline > 0) {
            killAll();
            return true;
        }
        return allDead;
    }

    /** Kills every live worker, reaps it and marks every slot dead; the exit handler is not called. */
    void killAll() {
        for (final WorkerSlot slot : slots) {
            if (!slot.dead && slot.process != null) {
                try {
                    slot.process.kill();
                } catch (final RuntimeException e) {
                    // already exited and closed
                }
            }
        }
        for (final WorkerSlot slot : slots) {
            if (!slot.dead) {
                reap(slot.process);
            }
            slot.dead = true;
        }
    }

    /** Waits for an exited or killed worker and releases its handle. */
    private static void reap(final ShmProcess process) {
        if (process == null) {
            return;
        }
        try {
            if (!process.join(Duration.ofSeconds(5))) {
                process.kill();
                process.join(Duration.ofSeconds(5));
            }
            process.close();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            // already closed
        }
    }

    /** Kills and reaps every worker, then closes the process group. */
    void close() {
        killAll();
        group.close();
    }

    /** Daemon semantics on the JVM's shutdown hook: every live worker is destroyed forcibly, without waiting. */
    void destroyAllForcibly() {
        for (final WorkerSlot slot : slots) {
            if (slot != null && !slot.dead) {
                ProcessHandle.of(slot.pid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Override
    public String toString() {
        return "workers " + Arrays.toString(slots);
    }
}
