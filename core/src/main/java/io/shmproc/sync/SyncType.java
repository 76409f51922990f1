package io.shmproc.sync;

/** The primitive a sync file holds, stored in its type word; codes are stable. */
public enum SyncType {
    /** A {@code Lock}. */
    LOCK(1),
    /** A reentrant {@code RLock}. */
    RLOCK(2),
    /** A {@code Semaphore}. */
    SEMAPHORE(3),
    /** A {@code BoundedSemaphore}. */
    BOUNDED_SEMAPHORE(4),
    /** An {@code Event}. */
    EVENT(5),
    /** A {@code Barrier}. */
    BARRIER(6),
    /** A {@code Condition} (with its own lock). */
    CONDITION(7);

    private final int code;

    SyncType(final int code) {
        this.code = code;
    }

    /**
     * The code stored in the type word.
     *
     * @return the stable code
     */
    public int code() {
        return code;
    }

    /**
     * The type with a code.
     *
     * @param code a type word
     * @return the type, or {@code null} when no type has that code
     */
    public static SyncType ofCode(final int code) {
        for (final SyncType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
