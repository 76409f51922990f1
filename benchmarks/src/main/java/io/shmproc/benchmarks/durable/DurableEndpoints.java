package io.shmproc.benchmarks.durable;

import io.shmproc.channel.ChronicleFlags;
import io.shmproc.channel.DurableChannel;
import io.shmproc.channel.DurableChannelOptions;
import io.shmproc.channel.DurableCursor;
import io.shmproc.channel.DurableMessageHandler;
import io.shmproc.channel.Retention;
import io.shmproc.codec.Codecs;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.queue.DurableQueue;
import io.shmproc.queue.DurableQueueOptions;
import io.shmproc.queue.QueueOptions;
import io.shmproc.queue.SharedQueue;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The implementations measured side by side: raw Chronicle Queue, shmproc's byte-level {@link DurableChannel}
 * and the typed {@link DurableQueue} of {@code byte[]}, beside the in-memory {@link SharedQueue} of {@code byte[]}
 * (the queue the durable one is chosen over). Each writer appends a message whose first 8 bytes are
 * a long the reader returns (a sequence number or a timestamp).
 */
final class DurableEndpoints {
    /** Implementation names, as accepted on the command line and in {@code @Param}. */
    static final String RAW = "chronicle-raw";
    static final String CHANNEL = "shmproc-channel";
    /** {@link #CHANNEL} with a CRC32C per message ({@code DurableChannelOptions.checksum(true)}). */
    static final String CHANNEL_CRC = "shmproc-channel-crc";
    static final String QUEUE = "shmproc-queue";
    /** The in-memory {@code SharedQueue<byte[]>} in {@code /dev/shm}: what durability costs. */
    static final String MEMORY = "shared-queue";

    private DurableEndpoints() {
    }

    /** Appends messages of a fixed size. */
    interface Writer extends AutoCloseable {
        void write(long value);

        @Override
        void close();
    }

    /** Reads messages; returns the long at their start, or -1 when there is none now. */
    interface Reader extends AutoCloseable {
        long read();

        @Override
        void close();
    }

    static Writer writer(final String impl, final Path dir, final int size) {
        ChronicleFlags.requireChronicle();
        switch (impl) {
            case RAW: {
                final SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
                    .rollCycle(RollCycles.FAST_HOURLY).build();
                final ExcerptAppender appender = queue.createAppender();
                final byte[] payload = new byte[size];
                final ArrayBuffer view = ArrayBuffer.wrapping(payload);
                return new Writer() {
                    @Override
                    public void write(final long value) {
                        view.putLong(0, value);
                        try (DocumentContext document = appender.writingDocument()) {
                            document.wire().bytes().write(payload, 0, size);
                        }
                    }

                    @Override
                    public void close() {
                        appender.close();
                        queue.close();
                    }
                };
            }
            case CHANNEL:
            case CHANNEL_CRC: {
                final DurableChannel channel = DurableChannel.open(dir, options(impl));
                final ArrayBuffer payload = ArrayBuffer.wrapping(new byte[size]);
                return new Writer() {
                    @Override
                    public void write(final long value) {
                        payload.putLong(0, value);
                        channel.append(payload, 0, size);
                    }

                    @Override
                    public void close() {
                        channel.close();
                    }
                };
            }
            case QUEUE: {
                final DurableQueue<byte[]> queue = DurableQueue.open(dir, Codecs.bytes(), queueOptions());
                return messageWriter(size, queue::put, queue::close);
            }
            case MEMORY: {
                final SharedQueue<byte[]> queue = SharedQueue.open(memoryFile(dir), memoryOptions());
                return messageWriter(size, message -> {
                    try {
                        queue.put(message);
                    } catch (final InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                }, queue::close);
            }
            default:
                throw new IllegalArgumentException("impl=" + impl + "; expected " + RAW + ", " + CHANNEL + ", "
                    + QUEUE + " or " + MEMORY);
        }
    }

    static Reader reader(final String impl, final Path dir) {
        ChronicleFlags.requireChronicle();
        switch (impl) {
            case RAW: {
                final SingleChronicleQueue queue = SingleChronicleQueueBuilder.single(dir.toFile())
                    .rollCycle(RollCycles.FAST_HOURLY).build();
                final ExcerptTailer tailer = queue.createTailer();
                final byte[] scratch = new byte[64 * 1024];
                final ArrayBuffer view = ArrayBuffer.wrapping(scratch);
                return new Reader() {
                    @Override
                    public long read() {
                        try (DocumentContext document = tailer.readingDocument()) {
                            if (!document.isPresent()) {
                                return -1;
                            }
                            final Bytes<?> bytes = document.wire().bytes();
                            bytes.read(scratch, 0, (int) bytes.readRemaining());
                        }
                        return view.getLong(0);
                    }

                    @Override
                    public void close() {
                        tailer.close();
                        queue.close();
                    }
                };
            }
            case CHANNEL:
            case CHANNEL_CRC: {
                final DurableChannel channel = DurableChannel.open(dir, options(impl));
                final DurableCursor cursor = channel.cursor("bench");
                final long[] value = new long[1];
                final DurableMessageHandler handler = (buffer, offset, length, index, time) ->
                    value[0] = buffer.getLong(offset);
                return new Reader() {
                    @Override
                    public long read() {
                        return cursor.poll(handler) == DurableChannel.NO_INDEX ? -1 : value[0];
                    }

                    @Override
                    public void close() {
                        channel.close();
                    }
                };
            }
            case QUEUE: {
                final DurableQueue<byte[]> queue = DurableQueue.open(dir, Codecs.bytes(), queueOptions());
                return messageReader(queue.consumer("bench")::poll, queue::close);
            }
            case MEMORY: {
                final SharedQueue<byte[]> queue = SharedQueue.open(memoryFile(dir), memoryOptions());
                return messageReader(queue::poll, queue::close);
            }
            default:
                throw new IllegalArgumentException("impl=" + impl);
        }
    }

    /** A writer into a typed queue of {@code byte[]}: one reused message of {@code size} bytes. */
    private static Writer messageWriter(final int size, final Consumer<byte[]> put, final Runnable close) {
        final byte[] payload = new byte[size];
        final ArrayBuffer view = ArrayBuffer.wrapping(payload);
        return new Writer() {
            @Override
            public void write(final long value) {
                view.putLong(0, value);
                put.accept(payload);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    /** A reader over a typed queue of {@code byte[]}: {@code poll} returns the next message or {@code null}. */
    private static Reader messageReader(final Supplier<byte[]> poll, final Runnable close) {
        return new Reader() {
            @Override
            public long read() {
                final byte[] message = poll.get();
                return message == null ? -1 : ArrayBuffer.wrapping(message).getLong(0);
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }

    /** The in-memory queue's file: beside the logs' directory, so that deleting the directory removes it. */
    private static Path memoryFile(final Path dir) {
        return dir.resolve("shared-queue");
    }

    private static QueueOptions memoryOptions() {
        return QueueOptions.defaults().codec(Codecs.bytes());
    }

    private static DurableChannelOptions options(final String impl) {
        return DurableChannelOptions.defaults().retention(Retention.KEEP_ALL).checksum(CHANNEL_CRC.equals(impl));
    }

    private static DurableQueueOptions queueOptions() {
        return DurableQueueOptions.defaults().retention(Retention.KEEP_ALL);
    }
}
