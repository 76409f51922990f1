package io.shmproc.cluster;

import static io.shmproc.cluster.ClusterProtocol.OP_BARRIER_ABORT;
import static io.shmproc.cluster.ClusterProtocol.OP_BARRIER_AWAIT;
import static io.shmproc.cluster.ClusterProtocol.OP_BARRIER_CREATE;
import static io.shmproc.cluster.ClusterProtocol.OP_BARRIER_IS_BROKEN;
import static io.shmproc.cluster.ClusterProtocol.OP_BARRIER_RESET;
import static io.shmproc.cluster.ClusterProtocol.OP_BARRIER_WAITING;
import static io.shmproc.cluster.ClusterProtocol.OP_CANCEL;
import static io.shmproc.cluster.ClusterProtocol.OP_CONDITION_AWAIT;
import static io.shmproc.cluster.ClusterProtocol.OP_CONDITION_NOTIFY;
import static io.shmproc.cluster.ClusterProtocol.OP_DELETE;
import static io.shmproc.cluster.ClusterProtocol.OP_EVENT_AWAIT;
import static io.shmproc.cluster.ClusterProtocol.OP_EVENT_CLEAR;
import static io.shmproc.cluster.ClusterProtocol.OP_EVENT_IS_SET;
import static io.shmproc.cluster.ClusterProtocol.OP_EVENT_SET;
import static io.shmproc.cluster.ClusterProtocol.OP_LOCK_ACQUIRE;
import static io.shmproc.cluster.ClusterProtocol.OP_LOCK_HOLD_COUNT;
import static io.shmproc.cluster.ClusterProtocol.OP_LOCK_IS_LOCKED;
import static io.shmproc.cluster.ClusterProtocol.OP_LOCK_RELEASE;
import static io.shmproc.cluster.ClusterProtocol.OP_PING;
import static io.shmproc.cluster.ClusterProtocol.OP_QUEUE_CREATE;
import static io.shmproc.cluster.ClusterProtocol.OP_QUEUE_JOIN;
import static io.shmproc.cluster.ClusterProtocol.OP_QUEUE_OFFER;
import static io.shmproc.cluster.ClusterProtocol.OP_QUEUE_PEEK;
import static io.shmproc.cluster.ClusterProtocol.OP_QUEUE_POLL;
import static io.shmproc.cluster.ClusterProtocol.OP_QUEUE_SIZE;
import static io.shmproc.cluster.ClusterProtocol.OP_QUEUE_TASK_DONE;
import static io.shmproc.cluster.ClusterProtocol.OP_QUEUE_UNFINISHED;
import static io.shmproc.cluster.ClusterProtocol.OP_SEMAPHORE_ACQUIRE;
import static io.shmproc.cluster.ClusterProtocol.OP_SEMAPHORE_CREATE;
import static io.shmproc.cluster.ClusterProtocol.OP_SEMAPHORE_RELEASE;
import static io.shmproc.cluster.ClusterProtocol.OP_SEMAPHORE_VALUE;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ILLEGAL_ARGUMENT;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ILLEGAL_MONITOR_STATE;
import static io.shmproc.cluster.ClusterProtocol.STATUS_ILLEGAL_STATE;
import static io.shmproc.cluster.ClusterProtocol.STATUS_OK;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * Every object of the service and the operations on them: the deterministic part of {@link ShmprocService}. It
 * sees only the command, the session and cluster time (through {@link Waits}); never a wall clock.
 */
final class ServiceState {
    final DataObjects data = new DataObjects();
    final Map<String, QueueObject> queues = new LinkedHashMap<>();
    final Map<String, LockObject> locks = new LinkedHashMap<>();
    final Map<String, SemaphoreObject> semaphores = new LinkedHashMap<>();
    final Map<String, EventObject> events = new LinkedHashMap<>();
    final Map<String, ConditionObject> conditions = new LinkedHashMap<>();
    final Map<String, BarrierObject> barriers = new LinkedHashMap<>();
    final Waits waits;
    private final Replies replies;

    ServiceState(final LongFunction<SessionRecord> sessions, final Replies replies) {
        this.waits = new Waits(sessions);
        this.replies = replies;
    }

    /**
     * Applies one command of {@code session}; writes the answer unless the command now waits.
     *
     * @return whether {@code answer} holds an answer to send now
     */
    boolean apply(final SessionRecord session, final CommandDecoder command, final AnswerEncoder answer) {
        final int opcode = command.opcode();
        if (data.apply(opcode, command, answer)) {
            return true;
        }
        final long sequence = command.sequence();
        final long timeout = command.timeoutNanos();
        final Waiter caller = new Waiter(session.sessionId, sequence, command.threadId(), opcode,
            opcode == OP_CANCEL || opcode == OP_PING ? "" : command.name(0, "object name"));
        final String name = caller.object;
        final long result;
        switch (opcode) {
            case OP_QUEUE_CREATE: {
                final QueueObject queue = queues.computeIfAbsent(name,
                    n -> new QueueObject(n, Math.max(0, command.arg0()), command.arg1() != 0, waits, replies));
                result = queue.maxItems;
                break;
            }
            case OP_QUEUE_OFFER:
                result = queue(name).offer(caller, command.bytes(1, "item"), timeout);
                break;
            case OP_QUEUE_POLL: {
                final byte[] item = queue(name).poll(caller, timeout);
                if (item == Pending.LATER_BYTES) {
                    return false;
                }
                answer.begin(sequence, STATUS_OK, item == null ? 0 : 1).field(item);
                return true;
            }
            case OP_QUEUE_PEEK: {
                final byte[] item = queue(name).peek();
                answer.begin(sequence, STATUS_OK, item == null ? 0 : 1).field(item);
                return true;
            }
            case OP_QUEUE_SIZE:
                result = queue(name).size();
                break;
            case OP_QUEUE_TASK_DONE:
                return done(answer, sequence, queue(name).taskDone(session.sessionId), STATUS_ILLEGAL_STATE);
            case OP_QUEUE_UNFINISHED:
                result = queue(name).unfinished();
                break;
            case OP_QUEUE_JOIN:
                result = queue(name).join(caller, timeout);
                break;
            case OP_LOCK_ACQUIRE:
                result = lock(name).acquire(caller, command.arg0() != 0, timeout);
                break;
            case OP_LOCK_RELEASE:
                return done(answer, sequence, lock(name).release(session.sessionId, caller.threadId),
                    STATUS_ILLEGAL_MONITOR_STATE);
            case OP_LOCK_HOLD_COUNT:
                result = lock(name).holdCount(session.sessionId, caller.threadId);
                break;
            case OP_LOCK_IS_LOCKED:
                result = lock(name).isLocked() ? 1 : 0;
                break;
            case OP_SEMAPHORE_CREATE: {
                final long permits = command.arg0();
                final long bound = command.arg1();
                if (permits < 0 || (bound >= 0 && permits > bound)) {
                    answer.error(sequence, STATUS_ILLEGAL_ARGUMENT, "semaphore '" + name + "' permits=" + permits
                        + " bound=" + bound + "; expected 0 <= permits <= bound (or bound -1 for none)");
                    return true;
                }
                result = semaphores.computeIfAbsent(name, n -> new SemaphoreObject(n, permits, bound < 0 ? -1 : bound,
                    waits, replies)).value();
                break;
            }
            case OP_SEMAPHORE_ACQUIRE:
                result = semaphore(name).acquire(caller, positive(command.arg0(), "permits"), timeout);
                break;
            case OP_SEMAPHORE_RELEASE:
                return done(answer, sequence, semaphore(name).release(positive(command.arg0(), "permits")),
                    STATUS_ILLEGAL_STATE);
            case OP_SEMAPHORE_VALUE:
                result = semaphore(name).value();
                break;
            case OP_EVENT_SET:
                event(name).set();
                result = 0;
                break;
            case OP_EVENT_CLEAR:
                event(name).clear();
                result = 0;
                break;
            case OP_EVENT_IS_SET:
                result = event(name).isSet() ? 1 : 0;
                break;
            case OP_EVENT_AWAIT:
                result = event(name).await(caller, timeout);
                break;
            case OP_CONDITION_AWAIT: {
                final LockObject lock = lock(command.name(1, "lock name"));
                final String refused = condition(name).await(caller, lock, timeout);
                if (refused != null) {
                    answer.error(sequence, STATUS_ILLEGAL_MONITOR_STATE, refused);
                    return true;
                }
                return false;
            }
            case OP_CONDITION_NOTIFY:
                condition(name).notify(Math.max(0, command.arg0()));
                result = 0;
                break;
            case OP_BARRIER_CREATE: {
                final long parties = command.arg0();
                if (parties < 1 || parties > Integer.MAX_VALUE) {
                    answer.error(sequence, STATUS_ILLEGAL_ARGUMENT, "barrier '" + name + "' parties=" + parties
                        + "; expected at least 1");
                    return true;
                }
                result = barriers.computeIfAbsent(name, n -> new BarrierObject(n, (int) parties, waits, replies))
                    .parties;
                break;
            }
            case OP_BARRIER_AWAIT:
                result = barrier(name).await(caller, timeout);
                break;
            case OP_BARRIER_ABORT:
                barrier(name).abort();
                result = 0;
                break;
            case OP_BARRIER_RESET:
                barrier(name).reset();
                result = 0;
                break;
            case OP_BARRIER_WAITING:
                result = barrier(name).waiting();
                break;
            case OP_BARRIER_IS_BROKEN:
                result = barrier(name).isBroken() ? 1 : 0;
                break;
            case OP_DELETE:
                result = delete(name, command.name(1, "object name")) ? 1 : 0;
                break;
            case OP_CANCEL:
                result = cancel(session, command.arg0()) ? 1 : 0;
                break;
            case OP_PING:
                result = 0;
                break;
            default:
                answer.error(sequence, STATUS_ILLEGAL_ARGUMENT, "unknown opcode " + opcode
                    + "; the client and the members run different shmproc versions");
                return true;
        }
        if (result == Pending.LATER) {
            return false;
        }
        answer.begin(sequence, STATUS_OK, result);
        return true;
    }

    private static boolean done(final AnswerEncoder answer, final long sequence, final String refused,
                                final int status) {
        if (refused == null) {
            answer.begin(sequence, STATUS_OK, 0);
        } else {
            answer.error(sequence, status, refused);
        }
        return true;
    }

    private static long positive(final long value, final String what) {
        if (value < 1) {
            throw new IllegalArgumentException(what + "=" + value + "; expected at least 1");
        }
        return value;
    }

    QueueObject queue(final String name) {
        return queues.computeIfAbsent(name, n -> new QueueObject(n, 0, false, waits, replies));
    }

    LockObject lock(final String name) {
        return locks.computeIfAbsent(name, n -> new LockObject(n, waits, replies));
    }

    SemaphoreObject semaphore(final String name) {
        return semaphores.computeIfAbsent(name, n -> new SemaphoreObject(n, 1, -1, waits, replies));
    }

    EventObject event(final String name) {
        return events.computeIfAbsent(name, n -> new EventObject(n, waits, replies));
    }

    ConditionObject condition(final String name) {
        return conditions.computeIfAbsent(name, n -> new ConditionObject(n, waits, lockName -> lock(lockName)));
    }

    BarrierObject barrier(final String name) {
        return barriers.computeIfAbsent(name, n -> new BarrierObject(n, 1, waits, replies));
    }

    /** A waiter's timer fired. */
    void timerFired(final long timerId) {
        final Waiter waiter = waits.timerFired(timerId);
        if (waiter != null) {
            expire(waiter);
        }
    }

    /** Answers a waiter as its timeout would (a cancel, a timer, a deleted object). */
    private void expire(final Waiter waiter) {
        switch (waiter.opcode) {
            case OP_QUEUE_OFFER:
            case OP_QUEUE_POLL:
            case OP_QUEUE_JOIN:
                queue(waiter.object).expire(waiter);
                break;
            case OP_LOCK_ACQUIRE:
                lock(waiter.object).expire(waiter);
                break;
            case OP_SEMAPHORE_ACQUIRE:
                semaphore(waiter.object).expire(waiter);
                break;
            case OP_EVENT_AWAIT:
                event(waiter.object).expire(waiter);
                break;
            case OP_CONDITION_AWAIT:
                condition(waiter.object).expire(waiter);
                break;
            case OP_BARRIER_AWAIT:
                barrier(waiter.object).expire(waiter);
                break;
            default:
                waits.remove(waiter);
                break;
        }
    }

    /**
     * Withdraws a waiting command of {@code session} (its thread was interrupted): it is answered as by its
     * timeout. A condition waiter already re-acquiring its lock is left to finish.
     */
    private boolean cancel(final SessionRecord session, final long sequence) {
        final Waiter waiter = session.waiters.get(sequence);
        if (waiter == null || waiter.reacquiring) {
            return false;
        }
        expire(waiter);
        return true;
    }

    /**
     * A session ended: its waits are dropped (a barrier it waited at breaks), and its locks and taken items are
     * released, as by a process death when {@code died}.
     */
    void sessionEnded(final SessionRecord session, final boolean died) {
        for (final Waiter waiter : new ArrayList<>(session.waiters.values())) {
            if (waiter.opcode == OP_BARRIER_AWAIT) {
                barrier(waiter.object).expire(waiter);
            } else {
                waits.remove(waiter);
                if (waiter.opcode == OP_SEMAPHORE_ACQUIRE) {
                    semaphore(waiter.object).release(0);
                }
            }
        }
        for (final LockObject lock : locks.values()) {
            lock.sessionEnded(session.sessionId, died);
        }
        for (final QueueObject queue : queues.values()) {
            queue.sessionEnded(session.sessionId, died);
        }
    }

    private boolean delete(final String kind, final String name) {
        switch (kind) {
            case ClusterOps.KIND_QUEUE: {
                final QueueObject queue = queues.get(name);
                if (queue != null) {
                    queue.expireAll();
                }
                return queues.remove(name) != null;
            }
            case ClusterOps.KIND_LOCK: {
                final LockObject lock = locks.get(name);
                if (lock != null) {
                    lock.expireAll();
                }
                return locks.remove(name) != null;
            }
            case ClusterOps.KIND_SEMAPHORE: {
                final SemaphoreObject semaphore = semaphores.get(name);
                if (semaphore != null) {
                    semaphore.expireAll();
                }
                return semaphores.remove(name) != null;
            }
            case ClusterOps.KIND_EVENT: {
                final EventObject event = events.get(name);
                if (event != null) {
                    event.expireAll();
                }
                return events.remove(name) != null;
            }
            case ClusterOps.KIND_CONDITION: {
                final ConditionObject condition = conditions.get(name);
                if (condition != null) {
                    condition.expireAll();
                }
                return conditions.remove(name) != null;
            }
            case ClusterOps.KIND_BARRIER: {
                final BarrierObject barrier = barriers.get(name);
                if (barrier != null) {
                    barrier.expireAll();
                }
                return barriers.remove(name) != null;
            }
            default:
                if (!DataObjects.kinds().contains(kind)) {
                    throw new IllegalArgumentException("kind '" + kind + "' is unknown; expected one of word, dict, "
                        + "list, queue, lock, semaphore, event, condition, barrier");
                }
                return data.delete(kind, name);
        }
    }

    static void writeWaiters(final DataOutput out, final Collection<Waiter> waiters) throws IOException {
        out.writeInt(waiters.size());
        for (final Waiter waiter : waiters) {
            waiter.write(out);
        }
    }

    static void readWaiters(final DataInput in, final Waits waits, final Collection<Waiter> home) throws IOException {
        final int count = in.readInt();
        for (int i = 0; i < count; i++) {
            final Waiter waiter = Waiter.read(in);
            home.add(waiter);
            waits.restore(waiter, home);
        }
    }

    void write(final DataOutput out) throws IOException {
        out.writeLong(waits.nextTimerId());
        data.write(out);
        out.writeInt(locks.size());
        for (final LockObject lock : locks.values()) {
            lock.write(out);
        }
        out.writeInt(queues.size());
        for (final QueueObject queue : queues.values()) {
            queue.write(out);
        }
        out.writeInt(semaphores.size());
        for (final SemaphoreObject semaphore : semaphores.values()) {
            semaphore.write(out);
        }
        out.writeInt(events.size());
        for (final EventObject event : events.values()) {
            event.write(out);
        }
        out.writeInt(conditions.size());
        for (final ConditionObject condition : conditions.values()) {
            condition.write(out);
        }
        out.writeInt(barriers.size());
        for (final BarrierObject barrier : barriers.values()) {
            barrier.write(out);
        }
    }

    void read(final DataInput in) throws IOException {
        waits.nextTimerId(in.readLong());
        data.read(in);
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            final LockObject lock = LockObject.read(in, waits, replies);
            locks.put(lock.name, lock);
        }
        count = in.readInt();
        for (int i = 0; i < count; i++) {
            final QueueObject queue = QueueObject.read(in, waits, replies);
            queues.put(queue.name, queue);
        }
        count = in.readInt();
        for (int i = 0; i < count; i++) {
            final SemaphoreObject semaphore = SemaphoreObject.read(in, waits, replies);
            semaphores.put(semaphore.name, semaphore);
        }
        count = in.readInt();
        for (int i = 0; i < count; i++) {
            final EventObject event = EventObject.read(in, waits, replies);
            events.put(event.name, event);
        }
        count = in.readInt();
        for (int i = 0; i < count; i++) {
            final ConditionObject condition = ConditionObject.read(in, waits, lockName -> lock(lockName));
            conditions.put(condition.name, condition);
        }
        count = in.readInt();
        for (int i = 0; i < count; i++) {
            final BarrierObject barrier = BarrierObject.read(in, waits, replies);
            barriers.put(barrier.name, barrier);
        }
    }
}
