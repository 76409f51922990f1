package io.shmproc.channel;

import io.shmproc.memory.ArrayBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/** Child JVM mains for the channel tests. */
final class ChannelChildren {
    /** Bytes of a numbered message: producer id, sequence, then filler. */
    static final int SMALL_LENGTH = 32;

    private ChannelChildren() {
    }

    static MessageChannel attach(final String kind, final String file) {
        return "spsc".equals(kind) ? SpscChannel.attach(Path.of(file), ChannelOptions.defaults())
            : MpscChannel.attach(Path.of(file), ChannelOptions.defaults());
    }

    /** Writes numbered messages: {@code <spsc|mpsc> <file> <producerId> <count>}. */
    static final class NumberedProducer {
        private NumberedProducer() {
        }

        public static void main(final String[] args) throws Exception {
            try (MessageChannel channel = attach(args[0], args[1])) {
                final int id = Integer.parseInt(args[2]);
                final int count = Integer.parseInt(args[3]);
                final ArrayBuffer message = ArrayBuffer.wrapping(new byte[SMALL_LENGTH]);
                System.out.println("started");
                for (int seq = 0; seq < count; seq++) {
                    message.putInt(0, id);
                    message.putInt(4, seq);
                    message.putInt(8, id ^ seq);
                    if (!channel.offer(message, 0, SMALL_LENGTH, 60, TimeUnit.SECONDS)) {
                        System.out.println("timed out at " + seq);
                        System.exit(2);
                    }
                }
                System.out.println("done");
            }
        }
    }

    /** Writes one big message whose last 8 bytes are the CRC32 of the rest: {@code <kind> <file> <length>}. */
    static final class BigProducer {
        private BigProducer() {
        }

        public static void main(final String[] args) throws Exception {
            try (MessageChannel channel = attach(args[0], args[1])) {
                final int length = Integer.parseInt(args[2]);
                final byte[] bytes = new byte[length];
                new java.util.Random(length).nextBytes(bytes);
                final CRC32 crc = new CRC32();
                crc.update(bytes, 0, length - 8);
                ArrayBuffer.wrapping(bytes).putLong(length - 8, crc.getValue());
                System.out.println("begun");
                final boolean written = channel.offer(ArrayBuffer.wrapping(bytes), 0, length, 60, TimeUnit.SECONDS);
                System.out.println(written ? "done" : "timed out");
            }
        }
    }

    /** Claims a record and never commits it: {@code <file>}. */
    static final class ClaimAndHang {
        private ClaimAndHang() {
        }

        public static void main(final String[] args) throws Exception {
            final MessageChannel channel = attach("mpsc", args[0]);
            final int index = channel.tryClaim(SMALL_LENGTH);
            System.out.println(index >= 0 ? "claimed" : "full");
            Thread.sleep(120_000);
        }
    }
}
