package io.shmproc.memory;

import java.io.ObjectStreamException;
import java.io.Serializable;
import java.nio.file.Path;
import org.agrona.concurrent.AtomicBuffer;

/**
 * A named block of raw shared memory, Python's {@code multiprocessing.shared_memory.SharedMemory}: the
 * bytes are an Agrona {@link AtomicBuffer} that every attached process reads and writes directly.
 *
 * <pre>{@code
 * SharedMemory block = SharedMemory.create(dir.resolve("frame"), 1 << 20);   // zero-filled
 * block.buffer().putLongRelease(0, 42);                                      // another process sees it
 * SharedMemory same = SharedMemory.attach(dir.resolve("frame"));
 * }</pre>
 *
 * <p><b>Across processes.</b> Plain accessors ({@code getLong}, {@code putBytes}) give no ordering between
 * processes; use the buffer's {@code …Volatile}/{@code …Release}/{@code …Acquire} accessors and
 * {@code compareAndSet…} to publish. <b>Under crashes.</b> Bytes written before a process died stay written;
 * there is no transaction, so a writer killed mid-update can leave a partly written range, exactly as with
 * Python's shared memory. <b>Lifetime.</b> {@link #close()} releases this handle; {@link #unlink()} removes
 * the name once; the owning context removes it when it closes. A handle is {@link Serializable}: passed to
 * a child process it re-attaches there.
 */
public final class SharedMemory implements AutoCloseable, Serializable {
    /** The layout version of raw blocks (the payload is the user's bytes, nothing else). */
    public static final int LAYOUT_VERSION = 1;
    private static final long serialVersionUID = 1L;

    private final transient MappedRegion region;
    private final transient AtomicBuffer buffer;

    private SharedMemory(final MappedRegion region) {
        this.region = region;
        this.buffer = region.payload();
    }

    /**
     * Creates a zero-filled block.
     *
     * @param file where (usually a name resolved in a context directory)
     * @param size its size in bytes, 1 to {@link MappedRegion#MAX_PAYLOAD_LENGTH}
     * @return the creator's handle
     * @throws IllegalArgumentException when the size is out of range
     * @throws io.shmproc.exceptions.RegionException when the file exists or cannot be created
     */
    public static SharedMemory create(final Path file, final int size) {
        return new SharedMemory(MappedRegion.create(file, RegionKind.RAW, LAYOUT_VERSION, size,
            PayloadInitializer.ZEROED));
    }

    /**
     * Attaches to an existing block.
     *
     * @param file the block's file
     * @return a new handle on the same memory
     * @throws io.shmproc.exceptions.RegionException when the file is missing, damaged or not a raw block
     */
    public static SharedMemory attach(final Path file) {
        return new SharedMemory(MappedRegion.attach(file, RegionKind.RAW, LAYOUT_VERSION));
    }

    /**
     * The shared bytes, addressed from 0 to {@link #size()}.
     *
     * @return the buffer
     */
    public AtomicBuffer buffer() {
        return buffer;
    }

    /**
     * The size requested at creation.
     *
     * @return bytes
     */
    public int size() {
        return (int) region.header().payloadLength();
    }

    /**
     * The block's file.
     *
     * @return its path
     */
    public Path file() {
        return region.file();
    }

    /**
     * The block's name: its file name in the context directory (generated when the block was created without
     * one), what another process passes to {@code attachSharedMemory}.
     *
     * @return the name
     */
    public String name() {
        return region.file().getFileName().toString();
    }

    /** Releases this process's handle; the memory stays for others. */
    @Override
    public void close() {
        region.close();
    }

    /**
     * Removes the block's name; attached processes keep their mapping.
     *
     * @return {@code true} if this call removed it
     */
    public boolean unlink() {
        return region.unlink();
    }

    private Object writeReplace() throws ObjectStreamException {
        return new Ref(region.file().toString());
    }

    @Override
    public String toString() {
        return "SharedMemory[" + region.file() + ", " + size() + " bytes" + (region.isClosed() ? ", closed" : "") + "]";
    }

    /** The serialized form: the file to re-attach to. */
    private static final class Ref implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;

        Ref(final String file) {
            this.file = file;
        }

        private Object readResolve() throws ObjectStreamException {
            return attach(Path.of(file));
        }
    }
}
