package io.shmproc.benchmarks.state;

import io.shmproc.codec.Codecs;
import io.shmproc.state.DictOptions;
import io.shmproc.state.SharedDict;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * The maps the shared-state benchmarks compare, opened the same way in every process: shmproc's
 * {@link SharedDict}, Chronicle Map persisted to a file in {@code /dev/shm}, and (in-process only)
 * {@link ConcurrentHashMap}. Keys are {@code Long} or 16-character {@code String}s; values are {@code Long}
 * or 64-byte arrays.
 */
final class DictPeers {
    /** Keys in every map. */
    static final int KEYS = 100_000;
    /** Bytes of a string-keyed value. */
    static final int VALUE_BYTES = 64;

    private DictPeers() {
    }

    /** The 16-character key number {@code i}. */
    static String stringKey(final int i) {
        final String digits = Integer.toString(i);
        return "key-000000000000".substring(0, 16 - digits.length()) + digits;
    }

    static byte[] value(final int i) {
        final byte[] value = new byte[VALUE_BYTES];
        value[0] = (byte) i;
        return value;
    }

    @SuppressWarnings("unchecked")
    static <K, V> Map<K, V> open(final String impl, final String keys, final Path dir) throws IOException {
        final boolean longs = keys.equals("long");
        switch (impl) {
            case "chm":
                return new ConcurrentHashMap<>();
            case "shmproc":
                return (Map<K, V>) (longs
                    ? SharedDict.open(dir.resolve("dict-long"), DictOptions.of(Codecs.longs(), Codecs.longs()))
                    : SharedDict.open(dir.resolve("dict-string"), DictOptions.of(Codecs.string(), Codecs.bytes())));
            case "chronicle":
                final File file = dir.resolve("chronicle-" + keys + ".dat").toFile();
                if (longs) {
                    return (Map<K, V>) ChronicleMap.of(Long.class, Long.class).name("bench-long")
                        .entries(KEYS * 2L).createPersistedTo(file);
                }
                return (Map<K, V>) ChronicleMap.of(String.class, byte[].class).name("bench-string")
                    .averageKeySize(16).averageValueSize(VALUE_BYTES).entries(KEYS * 2L).createPersistedTo(file);
            default:
                throw new IllegalArgumentException("impl=" + impl + "; expected shmproc, chronicle or chm");
        }
    }

    static Object[] keys(final String keys) {
        return keys(keys, KEYS);
    }

    static Object[] keys(final String keys, final int count) {
        final Object[] all = new Object[count];
        for (int i = 0; i < count; i++) {
            all[i] = keys.equals("long") ? (Object) (long) i : stringKey(i);
        }
        return all;
    }

    static Object[] values(final String keys) {
        return values(keys, KEYS);
    }

    static Object[] values(final String keys, final int count) {
        final Object[] all = new Object[count];
        for (int i = 0; i < count; i++) {
            all[i] = keys.equals("long") ? (Object) (long) i : value(i);
        }
        return all;
    }

    static void close(final Map<?, ?> map) {
        if (map instanceof AutoCloseable) {
            try {
                ((AutoCloseable) map).close();
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
