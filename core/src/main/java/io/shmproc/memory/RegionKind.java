package io.shmproc.memory;

/**
 * The kinds of shared file shmproc writes: the code stored in every header's kind field.
 *
 * <p>The catalogue lives here, on the lowest layer, so that the header can name every kind and the
 * inspector can print it; the layouts themselves live with the packages that own them. Codes are stable
 * across versions: never renumber, only add.
 */
public enum RegionKind {
    /** Raw named memory (Python's {@code SharedMemory}). */
    RAW(1),
    /** A single-producer single-consumer message channel. */
    SPSC_CHANNEL(2),
    /** A many-producer single-consumer message channel. */
    MPSC_CHANNEL(3),
    /** A many-producer many-consumer message channel. */
    MPMC_CHANNEL(4),
    /** A lock, a semaphore or another synchronisation primitive. */
    SYNC(5),
    /** The table of liveness slots of the processes attached to a context. */
    LIVENESS_TABLE(6),
    /** A shared value or typed array. */
    VALUE(7),
    /** A shared dictionary. */
    DICT(8),
    /** A shared list. */
    LIST(9),
    /** A pipe: two channels and the state of their ends. */
    PIPE(10),
    /** A queue: a channel plus counters and bounds. */
    QUEUE(11),
    /** The control block of a process pool. */
    POOL(12),
    /** A region used only by tests. */
    TEST(99);

    private final int code;

    RegionKind(final int code) {
        this.code = code;
    }

    /**
     * The code stored in the header.
     *
     * @return the stable numeric code
     */
    public int code() {
        return code;
    }

    /**
     * The kind with a code.
     *
     * @param code a header's kind field
     * @return the kind, or {@code null} when no kind has that code
     */
    public static RegionKind ofCode(final int code) {
        for (final RegionKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        return null;
    }
}
