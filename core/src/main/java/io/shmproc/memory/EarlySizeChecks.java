package io.shmproc.memory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.MutableCallSite;

/**
 * The early size checks of {@link MappedBuffer}'s read-modify-writes on Java 17 to 20: each method's first
 * {@link MappedBuffer#EARLY_CHECKS} calls in a JVM check the mapped file's size first (see
 * the "Early size checks" comment in {@code MappedBuffer}), one countdown per method.
 *
 * <p>Each method asks whether a check is due through a call site of its own, which compiled code inlines: while
 * the method has checks left the site calls {@link #due}, and the call that spends the last one points the site at
 * a constant {@code false}, so HotSpot recompiles the code that inlined it without the check. The check itself
 * stays in the read-modify-write's frame, right before its guarded read: a check made further away (through the
 * call site) left a wider window for a truncation before the operation, and crashed victims that the inline check
 * kept alive. A plain countdown left a call on a
 * branch that compiled code could not drop (it had been taken 20,000 times): that cold call cost about 2 ns a
 * call on the hot path, a shared counter's increment 7.8 ns against 6.0 ns once a dictionary had used the same
 * method first. The countdowns are racy on purpose (threads may lose a decrement: a few more checks).
 */
final class EarlySizeChecks {
    /** The read-modify-write methods, each with its own countdown: HotSpot compiles each method on its own. */
    static final int ADD_LONG_RELEASE = 0;
    static final int CAS_LONG = 1;
    static final int CAE_LONG = 2;
    static final int GET_AND_SET_LONG = 3;
    static final int GET_AND_ADD_LONG = 4;
    static final int ADD_INT_RELEASE = 5;
    static final int CAS_INT = 6;
    static final int CAE_INT = 7;
    static final int GET_AND_SET_INT = 8;
    static final int GET_AND_ADD_INT = 9;
    private static final int METHODS = GET_AND_ADD_INT + 1;

    private static final MethodHandle SPENT = MethodHandles.constant(boolean.class, false);
    private static final int[] LEFT = new int[METHODS];
    private static final MutableCallSite[] SITES = new MutableCallSite[METHODS];

    static {
        final MethodHandle check;
        try {
            check = MethodHandles.lookup().findStatic(EarlySizeChecks.class, "due",
                MethodType.methodType(boolean.class, int.class));
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        for (int method = 0; method < METHODS; method++) {
            LEFT[method] = MappedBuffer.EARLY_CHECKS;
            SITES[method] = new MutableCallSite(MethodHandles.insertArguments(check, 0, method));
        }
    }

    private EarlySizeChecks() {
    }

    /**
     * The invoker of one method's countdown, {@code ()boolean}: {@code true} when a check is due, which takes it.
     * For a {@code static final} field of the caller: compiled code folds the field and inlines the site's current
     * target, a constant {@code false} once the checks are spent.
     *
     * @param method which read-modify-write, {@link #ADD_LONG_RELEASE} to {@link #GET_AND_ADD_INT}
     * @return the invoker
     */
    static MethodHandle invoker(final int method) {
        return SITES[method].dynamicInvoker();
    }

    /**
     * The checks each method has left in this JVM (for tests).
     *
     * @return a copy, one count per method; at or below 0 once that method has used its checks up
     */
    static int[] left() {
        return LEFT.clone();
    }

    /** One method's countdown: the site's target while the method has checks left. */
    private static boolean due(final int method) {
        final int left = LEFT[method];
        if (left <= 0) {
            return false;
        }
        LEFT[method] = left - 1;
        if (left == 1) {
            SITES[method].setTarget(SPENT);
        }
        return true;
    }
}
