package io.shmproc.cluster;

import static io.shmproc.cluster.ClusterProtocol.OP_DICT_CLEAR;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_ENTRIES;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_GET;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_PUT;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_PUT_IF_ABSENT;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_REMOVE;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_REMOVE_IF_EQUALS;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_REPLACE;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_REPLACE_IF_EQUALS;
import static io.shmproc.cluster.ClusterProtocol.OP_DICT_SIZE;
import static io.shmproc.cluster.ClusterProtocol.OP_LIST_ADD;
import static io.shmproc.cluster.ClusterProtocol.OP_LIST_CLEAR;
import static io.shmproc.cluster.ClusterProtocol.OP_LIST_GET;
import static io.shmproc.cluster.ClusterProtocol.OP_LIST_REMOVE;
import static io.shmproc.cluster.ClusterProtocol.OP_LIST_SET;
import static io.shmproc.cluster.ClusterProtocol.OP_LIST_SIZE;
import static io.shmproc.cluster.ClusterProtocol.OP_LIST_SNAPSHOT;
import static io.shmproc.cluster.ClusterProtocol.OP_WORD_COMPARE_AND_SET;
import static io.shmproc.cluster.ClusterProtocol.OP_WORD_CREATE;
import static io.shmproc.cluster.ClusterProtocol.OP_WORD_GET;
import static io.shmproc.cluster.ClusterProtocol.OP_WORD_GET_AND_ADD;
import static io.shmproc.cluster.ClusterProtocol.OP_WORD_GET_AND_SET;
import static io.shmproc.cluster.ClusterProtocol.OP_WORD_SET;
import static io.shmproc.cluster.ClusterProtocol.OP_WORD_SNAPSHOT;
import static io.shmproc.cluster.ClusterProtocol.STATUS_INDEX_OUT_OF_BOUNDS;
import static io.shmproc.cluster.ClusterProtocol.STATUS_OK;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects that never make anyone wait: word arrays (counters), insertion-ordered dicts and lists, each kind in
 * its own namespace. Every operation answers at once.
 */
final class DataObjects {
    /** The most words one array may have. */
    static final int MAX_WORDS = 8 * 1024;

    final Map<String, long[]> words = new LinkedHashMap<>();
    final Map<String, LinkedHashMap<ByteKey, byte[]>> dicts = new LinkedHashMap<>();
    final Map<String, ArrayList<byte[]>> lists = new LinkedHashMap<>();

    /** @return whether {@code opcode} is one of the data operations (then the answer is written) */
    boolean apply(final int opcode, final CommandDecoder command, final AnswerEncoder answer) {
        final long sequence = command.sequence();
        switch (opcode) {
            case OP_WORD_CREATE: {
                final String name = command.name(0, "word array name");
                final long length = command.arg0();
                if (length < 1 || length > MAX_WORDS) {
                    throw new IllegalArgumentException("word array '" + name + "' length=" + length
                        + "; expected 1 to " + MAX_WORDS);
                }
                final long[] array = words.computeIfAbsent(name, n -> filled((int) length, command.arg1()));
                answer.begin(sequence, STATUS_OK, array.length);
                return true;
            }
            case OP_WORD_GET:
            case OP_WORD_SET:
            case OP_WORD_GET_AND_SET:
            case OP_WORD_GET_AND_ADD:
            case OP_WORD_COMPARE_AND_SET:
                word(opcode, command, answer);
                return true;
            case OP_WORD_SNAPSHOT: {
                final long[] array = wordArray(command.name(0, "word array name"));
                final ByteBuffer bytes = ByteBuffer.allocate(array.length * Long.BYTES).order(ClusterProtocol.ORDER);
                for (final long word : array) {
                    bytes.putLong(word);
                }
                answer.begin(sequence, STATUS_OK, array.length).field(bytes.array());
                return true;
            }
            case OP_LIST_SIZE:
            case OP_LIST_GET:
            case OP_LIST_SET:
            case OP_LIST_ADD:
            case OP_LIST_REMOVE:
            case OP_LIST_CLEAR:
            case OP_LIST_SNAPSHOT:
                list(opcode, command, answer);
                return true;
            default:
                return dict(opcode, command, answer);
        }
    }

    private static long[] filled(final int length, final long initial) {
        final long[] array = new long[length];
        Arrays.fill(array, initial);
        return array;
    }

    private long[] wordArray(final String name) {
        return words.computeIfAbsent(name, n -> new long[1]);
    }

    private void word(final int opcode, final CommandDecoder command, final AnswerEncoder answer) {
        final String name = command.name(0, "word array name");
        final long[] array = wordArray(name);
        final long index = command.arg0();
        final long sequence = command.sequence();
        if (index < 0 || index >= array.length) {
            answer.error(sequence, STATUS_INDEX_OUT_OF_BOUNDS, "index " + index + " is outside word array '" + name
                + "' of length " + array.length);
            return;
        }
        final int i = (int) index;
        final long old = array[i];
        final long operand = command.arg1();
        long result = old;
        switch (opcode) {
            case OP_WORD_SET:
            case OP_WORD_GET_AND_SET:
                array[i] = operand;
                break;
            case OP_WORD_GET_AND_ADD:
                array[i] = old + operand;
                break;
            case OP_WORD_COMPARE_AND_SET: {
                final long expected = ByteBuffer.wrap(command.bytes(1, "expected value")).order(ClusterProtocol.ORDER)
                    .getLong();
                if (old == expected) {
                    array[i] = operand;
                    result = 1;
                } else {
                    result = 0;
                }
                break;
            }
            default:
                break;
        }
        answer.begin(sequence, STATUS_OK, result);
    }

    private void list(final int opcode, final CommandDecoder command, final AnswerEncoder answer) {
        final String name = command.name(0, "list name");
        final ArrayList<byte[]> list = lists.computeIfAbsent(name, n -> new ArrayList<>());
        final long sequence = command.sequence();
        final long index = command.arg0();
        final int size = list.size();
        switch (opcode) {
            case OP_LIST_SIZE:
                answer.begin(sequence, STATUS_OK, size);
                return;
            case OP_LIST_CLEAR:
                list.clear();
                answer.begin(sequence, STATUS_OK, 0);
                return;
            case OP_LIST_SNAPSHOT:
                answer.begin(sequence, STATUS_OK, size);
                for (final byte[] element : list) {
                    answer.field(element);
                }
                return;
            case OP_LIST_ADD:
                if (index == -1) {
                    list.add(command.bytes(1, "element"));
                } else if (index < 0 || index > size) {
                    outOfBounds(answer, sequence, name, index, size);
                    return;
                } else {
                    list.add((int) index, command.bytes(1, "element"));
                }
                answer.begin(sequence, STATUS_OK, list.size());
                return;
            default:
                break;
        }
        if (index < 0 || index >= size) {
            outOfBounds(answer, sequence, name, index, size);
            return;
        }
        final int i = (int) index;
        final byte[] result;
        if (opcode == OP_LIST_GET) {
            result = list.get(i);
        } else if (opcode == OP_LIST_SET) {
            result = list.set(i, command.bytes(1, "element"));
        } else {
            result = list.remove(i);
        }
        answer.begin(sequence, STATUS_OK, 1).field(result);
    }

    private static void outOfBounds(final AnswerEncoder answer, final long sequence, final String name,
                                    final long index, final int size) {
        answer.error(sequence, STATUS_INDEX_OUT_OF_BOUNDS, "index " + index + " is outside list '" + name
            + "' of size " + size);
    }

    private boolean dict(final int opcode, final CommandDecoder command, final AnswerEncoder answer) {
        if (opcode < OP_DICT_GET || opcode > OP_DICT_ENTRIES) {
            return false;
        }
        final String name = command.name(0, "dict name");
        final LinkedHashMap<ByteKey, byte[]> dict = dicts.computeIfAbsent(name, n -> new LinkedHashMap<>());
        final long sequence = command.sequence();
        switch (opcode) {
            case OP_DICT_SIZE:
                answer.begin(sequence, STATUS_OK, dict.size());
                return true;
            case OP_DICT_CLEAR:
                dict.clear();
                answer.begin(sequence, STATUS_OK, 0);
                return true;
            case OP_DICT_ENTRIES:
                answer.begin(sequence, STATUS_OK, dict.size());
                for (final Map.Entry<ByteKey, byte[]> entry : dict.entrySet()) {
                    answer.field(entry.getKey().bytes).field(entry.getValue());
                }
                return true;
            default:
                break;
        }
        final ByteKey key = new ByteKey(command.bytes(1, "key"));
        final byte[] present = dict.get(key);
        byte[] result = null;
        long value = 0;
        switch (opcode) {
            case OP_DICT_GET:
                result = present;
                break;
            case OP_DICT_PUT:
                result = dict.put(key, command.bytes(2, "value"));
                break;
            case OP_DICT_PUT_IF_ABSENT:
                if (present == null) {
                    dict.put(key, command.bytes(2, "value"));
                }
                result = present;
                break;
            case OP_DICT_REPLACE:
                if (present != null) {
                    dict.put(key, command.bytes(2, "value"));
                }
                result = present;
                break;
            case OP_DICT_REPLACE_IF_EQUALS:
                if (present != null && Arrays.equals(present, command.bytes(3, "expected value"))) {
                    dict.put(key, command.bytes(2, "value"));
                    value = 1;
                }
                break;
            case OP_DICT_REMOVE:
                result = dict.remove(key);
                break;
            case OP_DICT_REMOVE_IF_EQUALS:
                if (present != null && Arrays.equals(present, command.bytes(2, "expected value"))) {
                    dict.remove(key);
                    value = 1;
                }
                break;
            default:
                return false;
        }
        answer.begin(sequence, STATUS_OK, result != null ? 1 : value).field(result);
        return true;
    }

    boolean delete(final String kind, final String name) {
        switch (kind) {
            case ClusterOps.KIND_WORD:
                return words.remove(name) != null;
            case ClusterOps.KIND_DICT:
                return dicts.remove(name) != null;
            case ClusterOps.KIND_LIST:
                return lists.remove(name) != null;
            default:
                return false;
        }
    }

    void write(final DataOutput out) throws IOException {
        out.writeInt(words.size());
        for (final Map.Entry<String, long[]> entry : words.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(entry.getValue().length);
            for (final long word : entry.getValue()) {
                out.writeLong(word);
            }
        }
        out.writeInt(dicts.size());
        for (final Map.Entry<String, LinkedHashMap<ByteKey, byte[]>> entry : dicts.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(entry.getValue().size());
            for (final Map.Entry<ByteKey, byte[]> item : entry.getValue().entrySet()) {
                SnapshotIo.writeBytes(out, item.getKey().bytes);
                SnapshotIo.writeBytes(out, item.getValue());
            }
        }
        out.writeInt(lists.size());
        for (final Map.Entry<String, ArrayList<byte[]>> entry : lists.entrySet()) {
            out.writeUTF(entry.getKey());
            out.writeInt(entry.getValue().size());
            for (final byte[] element : entry.getValue()) {
                SnapshotIo.writeBytes(out, element);
            }
        }
    }

    void read(final DataInput in) throws IOException {
        final int wordCount = in.readInt();
        for (int i = 0; i < wordCount; i++) {
            final String name = in.readUTF();
            final long[] array = new long[in.readInt()];
            for (int j = 0; j < array.length; j++) {
                array[j] = in.readLong();
            }
            words.put(name, array);
        }
        final int dictCount = in.readInt();
        for (int i = 0; i < dictCount; i++) {
            final String name = in.readUTF();
            final int size = in.readInt();
            final LinkedHashMap<ByteKey, byte[]> dict = new LinkedHashMap<>();
            for (int j = 0; j < size; j++) {
                dict.put(new ByteKey(SnapshotIo.readBytes(in)), SnapshotIo.readBytes(in));
            }
            dicts.put(name, dict);
        }
        final int listCount = in.readInt();
        for (int i = 0; i < listCount; i++) {
            final String name = in.readUTF();
            final int size = in.readInt();
            final ArrayList<byte[]> list = new ArrayList<>(size);
            for (int j = 0; j < size; j++) {
                list.add(SnapshotIo.readBytes(in));
            }
            lists.put(name, list);
        }
    }

    static List<String> kinds() {
        return List.of(ClusterOps.KIND_WORD, ClusterOps.KIND_DICT, ClusterOps.KIND_LIST);
    }
}
