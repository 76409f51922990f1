package io.shmproc.sync;

/** The primitive a sync file holds, stored in its type word; codes are stable. */
enum SyncType {
    LOCK(1), RLOCK(2), SEMAPHORE(3), BOUNDED_SEMAPHORE(4), EVENT(5), BARRIER(6), CONDITION(7);

    private final int code;

    SyncType(final int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static SyncType ofCode(final int code) {
        for (final SyncType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
