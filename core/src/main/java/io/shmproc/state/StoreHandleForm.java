package io.shmproc.state;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.nio.file.Path;

/**
 * A local {@link SharedDict} or {@link SharedList} handle written without Java serialization, for the process
 * layer: a child's target that captures one (Python's {@code Process(target=f, args=(shared_dict,))}) then reaches
 * the child in a form it reads without an {@code ObjectInputStream}, whose first use cost a cold child 8-13 ms of
 * its start (measured). Only handles whose codecs are {@link Codecs}' built-in ones have this form; any other
 * travels Java-serialized, as before.
 *
 * <pre>
 *   byte 0 (dict)  UTF directory  byte key codec  byte value codec  long maxEntryBytes  long segmentBytes
 *                  boolean null values
 *   byte 1 (list)  UTF directory  byte codec  long maxElementBytes  long segmentBytes
 * </pre>
 * (codecs by {@link Codecs#builtInIndex}).
 *
 * <p>Across processes: the receiving process attaches the same directory with the same options, exactly as the
 * handle's Java-serialized form does.
 *
 * <p>Under crashes: the form holds nothing open; a process that reads it after the file was removed (its context
 * reclaimed once every process using it died) gets the attach's {@code RegionException}, as with the serialized
 * form.
 */
public final class StoreHandleForm {
    private static final int DICT = 0;
    private static final int LIST = 1;

    private StoreHandleForm() {
    }

    /**
     * Whether a value is a local dictionary or list handle with this form.
     *
     * @param value any value
     * @return {@code true} for a local dictionary or list whose codecs are built-in ones
     */
    public static boolean applies(final Object value) {
        if (value instanceof LocalSharedDict) {
            final DictOptions<?, ?> options = ((LocalSharedDict<?, ?>) value).options();
            return Codecs.builtInIndex(options.keyCodec()) >= 0 && Codecs.builtInIndex(options.valueCodec()) >= 0;
        }
        return value instanceof LocalSharedList
            && Codecs.builtInIndex(((LocalSharedList<?>) value).options().codec()) >= 0;
    }

    /**
     * Writes a handle's form.
     *
     * @param out   where to write
     * @param value a handle for which {@link #applies} is {@code true}
     * @throws IOException              when the stream fails
     * @throws IllegalArgumentException when the form does not apply to the value
     */
    public static void write(final DataOutputStream out, final Object value) throws IOException {
        if (!applies(value)) {
            throw new IllegalArgumentException(value + " has no shared dict or list form; check applies() first");
        }
        if (value instanceof LocalSharedDict) {
            final LocalSharedDict<?, ?> dict = (LocalSharedDict<?, ?>) value;
            final DictOptions<?, ?> options = dict.options();
            out.writeByte(DICT);
            out.writeUTF(dict.directory().toString());
            out.writeByte(Codecs.builtInIndex(options.keyCodec()));
            out.writeByte(Codecs.builtInIndex(options.valueCodec()));
            out.writeLong(options.maxEntryBytes());
            out.writeLong(options.segmentBytes());
            out.writeBoolean(options.allowsNullValues());
        } else {
            final LocalSharedList<?> list = (LocalSharedList<?>) value;
            final ListOptions<?> options = list.options();
            out.writeByte(LIST);
            out.writeUTF(list.directory().toString());
            out.writeByte(Codecs.builtInIndex(options.codec()));
            out.writeLong(options.maxElementBytes());
            out.writeLong(options.segmentBytes());
        }
    }

    /**
     * Reads a handle's form and attaches the dictionary or list, as the handle's Java-serialized form does.
     *
     * @param in where to read
     * @return the handle
     * @throws IOException when the stream fails or holds no such form
     * @throws io.shmproc.exceptions.RegionException when the directory cannot be attached
     */
    public static Object read(final DataInputStream in) throws IOException {
        final int kind = in.readByte();
        final Path directory = Path.of(in.readUTF());
        if (kind == DICT) {
            final Codec<Object> keys = codec(in.readByte());
            final Codec<Object> values = codec(in.readByte());
            final DictOptions<Object, Object> options = DictOptions.of(keys, values).maxEntryBytes(in.readLong())
                .segmentBytes(in.readLong());
            return LocalSharedDict.attach(directory, in.readBoolean() ? options.allowNullValues() : options);
        }
        if (kind == LIST) {
            final Codec<Object> elements = codec(in.readByte());
            return LocalSharedList.attach(directory, ListOptions.of(elements).maxElementBytes(in.readLong())
                .segmentBytes(in.readLong()));
        }
        throw new StreamCorruptedException("a shared dict or list form of kind " + kind + " is corrupt");
    }

    @SuppressWarnings("unchecked")
    private static Codec<Object> codec(final int index) {
        return (Codec<Object>) Codecs.builtIn(index);
    }
}
