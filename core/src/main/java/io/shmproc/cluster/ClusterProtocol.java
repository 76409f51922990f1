package io.shmproc.cluster;

import java.nio.ByteOrder;

/**
 * The binary layout of the messages between a {@link ClusterClient} and the {@link ShmprocService}: every offset,
 * opcode, status and limit, declared once. No other file contains a numeric offset of these messages.
 *
 * <p>All numbers are little-endian ({@link #ORDER}), whatever the hosts' native order.
 *
 * <p><b>Command</b> (client to service, through the cluster's replicated log):
 * <pre>
 *  0               8               16              24
 *  +---------------+---------------+---------------+
 *  | sequence      | lowWater      | threadId      |
 *  +---------------+---------------+---------------+
 *  | timeoutNanos  | arg0          | arg1          |
 *  +-------+-------+-------+-------+----------------------------------------------+----------------------+
 *  |opcode |fields |pending|(spare)| field 0: int32 length (-1 null), bytes; ...  | pending: int64 each  |
 *  +-------+-------+-------+-------+----------------------------------------------+----------------------+
 *  48      52      56      60      64 = COMMAND_HEADER_LENGTH                      length - 8 * pending
 * </pre>
 * {@code sequence} numbers the commands of one client session from 1 (a re-sent command keeps its number);
 * {@code lowWater} is the oldest sequence the client still waits for (the service forgets answers below it);
 * {@code threadId} is the caller's thread (half of an owner); {@code timeoutNanos} is 0 for no wait, negative for
 * no limit; {@code arg0}/{@code arg1} carry the operation's numbers (index, delta, value, permits, bound...);
 * field 0 is always the object's name (UTF-8), the other fields are keys, items and values as the opcode says.
 * The command ends with the sequence numbers the client still waits for between {@code lowWater} and
 * {@code sequence} ({@code pending} of them, ascending; -1 when there were more than
 * {@link #MAX_PENDING_LISTED} and none are listed): the service forgets every recorded answer the client no longer
 * waits for, so a thread that waits for hours does not make the service keep every later answer.
 *
 * <p><b>Answer</b> (service to client, on the session's egress):
 * <pre>
 *  0               8               16      20      24
 *  +---------------+---------------+-------+-------+----------------------------------------
 *  | sequence      | value         |status |fields | field 0: int32 length (-1 null), bytes ...
 *  +---------------+---------------+-------+-------+----------------------------------------
 * </pre>
 * {@code value} is the numeric result; the fields carry byte results (a value, the entries of a dict, the
 * elements of a list); on an error status field 0 is the service's message (UTF-8).
 */
final class ClusterProtocol {
    /** The byte order of every number in a command or an answer. */
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;

    // ---- command header ----
    static final int COMMAND_SEQUENCE_OFFSET = 0;
    static final int COMMAND_LOW_WATER_OFFSET = COMMAND_SEQUENCE_OFFSET + Long.BYTES;
    static final int COMMAND_THREAD_ID_OFFSET = COMMAND_LOW_WATER_OFFSET + Long.BYTES;
    static final int COMMAND_TIMEOUT_OFFSET = COMMAND_THREAD_ID_OFFSET + Long.BYTES;
    static final int COMMAND_ARG0_OFFSET = COMMAND_TIMEOUT_OFFSET + Long.BYTES;
    static final int COMMAND_ARG1_OFFSET = COMMAND_ARG0_OFFSET + Long.BYTES;
    static final int COMMAND_OPCODE_OFFSET = COMMAND_ARG1_OFFSET + Long.BYTES;
    static final int COMMAND_FIELD_COUNT_OFFSET = COMMAND_OPCODE_OFFSET + Integer.BYTES;
    static final int COMMAND_PENDING_COUNT_OFFSET = COMMAND_FIELD_COUNT_OFFSET + Integer.BYTES;
    static final int COMMAND_SPARE_OFFSET = COMMAND_PENDING_COUNT_OFFSET + Integer.BYTES;
    /** Where a command's first field starts. */
    static final int COMMAND_HEADER_LENGTH = COMMAND_SPARE_OFFSET + Integer.BYTES;
    /** The most awaited sequence numbers a command lists; with more, it lists none ({@code pending} -1). */
    static final int MAX_PENDING_LISTED = 1024;

    // ---- answer header ----
    static final int ANSWER_SEQUENCE_OFFSET = 0;
    static final int ANSWER_VALUE_OFFSET = ANSWER_SEQUENCE_OFFSET + Long.BYTES;
    static final int ANSWER_STATUS_OFFSET = ANSWER_VALUE_OFFSET + Long.BYTES;
    static final int ANSWER_FIELD_COUNT_OFFSET = ANSWER_STATUS_OFFSET + Integer.BYTES;
    /** Where an answer's first field starts. */
    static final int ANSWER_HEADER_LENGTH = ANSWER_FIELD_COUNT_OFFSET + Integer.BYTES;

    /** Each field starts with its length as an int32; {@link #NULL_LENGTH} marks a {@code null} field. */
    static final int FIELD_LENGTH_BYTES = Integer.BYTES;
    /** The length written for a {@code null} field. */
    static final int NULL_LENGTH = -1;

    // ---- limits ----
    /**
     * The longest command without its pending list: the log's term length (1 MiB) allows messages of 128 KiB; this
     * leaves room for the list and the cluster's session header.
     */
    static final int MAX_COMMAND_LENGTH = 64 * 1024;
    /** The longest name of an object, in UTF-8 bytes. */
    static final int MAX_NAME_LENGTH = 1024;
    /** The longest answer: the egress term length (4 MiB) allows messages of 512 KiB. */
    static final int MAX_ANSWER_LENGTH = 512 * 1024;
    /** Term length of the ingress (client to leader) channel. */
    static final String INGRESS_TERM_LENGTH = "1m";
    /** Term length of the egress (leader to client) channel. */
    static final String EGRESS_TERM_LENGTH = "4m";
    /** Term length of the replicated log. */
    static final String LOG_TERM_LENGTH = "1m";

    // ---- statuses ----
    static final int STATUS_OK = 0;
    /** Malformed or oversized command: {@link IllegalArgumentException}. */
    static final int STATUS_ILLEGAL_ARGUMENT = 1;
    /** {@link IllegalStateException} (task done too often, bounded semaphore over its bound). */
    static final int STATUS_ILLEGAL_STATE = 2;
    /** {@link IllegalMonitorStateException} (release of a lock not held). */
    static final int STATUS_ILLEGAL_MONITOR_STATE = 3;
    /** {@link IndexOutOfBoundsException}. */
    static final int STATUS_INDEX_OUT_OF_BOUNDS = 4;
    /** Anything else the service could not do; the message says what. */
    static final int STATUS_ERROR = 5;

    // ---- opcodes ----
    static final int OP_WORD_CREATE = 1;
    static final int OP_WORD_GET = 2;
    static final int OP_WORD_SET = 3;
    static final int OP_WORD_GET_AND_SET = 4;
    static final int OP_WORD_GET_AND_ADD = 5;
    static final int OP_WORD_COMPARE_AND_SET = 6;
    static final int OP_WORD_SNAPSHOT = 7;

    static final int OP_DICT_GET = 10;
    static final int OP_DICT_PUT = 11;
    static final int OP_DICT_PUT_IF_ABSENT = 12;
    static final int OP_DICT_REPLACE = 13;
    static final int OP_DICT_REPLACE_IF_EQUALS = 14;
    static final int OP_DICT_REMOVE = 15;
    static final int OP_DICT_REMOVE_IF_EQUALS = 16;
    static final int OP_DICT_SIZE = 17;
    static final int OP_DICT_CLEAR = 18;
    static final int OP_DICT_ENTRIES = 19;

    static final int OP_LIST_SIZE = 20;
    static final int OP_LIST_GET = 21;
    static final int OP_LIST_SET = 22;
    static final int OP_LIST_ADD = 23;
    static final int OP_LIST_REMOVE = 24;
    static final int OP_LIST_CLEAR = 25;
    static final int OP_LIST_SNAPSHOT = 26;

    static final int OP_QUEUE_CREATE = 30;
    static final int OP_QUEUE_OFFER = 31;
    static final int OP_QUEUE_POLL = 32;
    static final int OP_QUEUE_PEEK = 33;
    static final int OP_QUEUE_SIZE = 34;
    static final int OP_QUEUE_TASK_DONE = 35;
    static final int OP_QUEUE_UNFINISHED = 36;
    static final int OP_QUEUE_JOIN = 37;

    static final int OP_LOCK_ACQUIRE = 40;
    static final int OP_LOCK_RELEASE = 41;
    static final int OP_LOCK_HOLD_COUNT = 42;
    static final int OP_LOCK_IS_LOCKED = 43;

    static final int OP_SEMAPHORE_CREATE = 50;
    static final int OP_SEMAPHORE_ACQUIRE = 51;
    static final int OP_SEMAPHORE_RELEASE = 52;
    static final int OP_SEMAPHORE_VALUE = 53;

    static final int OP_EVENT_SET = 60;
    static final int OP_EVENT_CLEAR = 61;
    static final int OP_EVENT_IS_SET = 62;
    static final int OP_EVENT_AWAIT = 63;

    static final int OP_CONDITION_AWAIT = 70;
    static final int OP_CONDITION_NOTIFY = 71;

    static final int OP_BARRIER_CREATE = 80;
    static final int OP_BARRIER_AWAIT = 81;
    static final int OP_BARRIER_ABORT = 82;
    static final int OP_BARRIER_RESET = 83;
    static final int OP_BARRIER_WAITING = 84;
    static final int OP_BARRIER_IS_BROKEN = 85;

    static final int OP_DELETE = 90;
    /** Withdraws the waiting command whose sequence is {@code arg0} (its thread was interrupted). */
    static final int OP_CANCEL = 91;
    /** Does nothing; answers 0. A probe of the round trip. */
    static final int OP_PING = 92;

    private ClusterProtocol() {
    }
}
