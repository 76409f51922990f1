package io.shmproc.queue;

import io.shmproc.channel.MpmcChannel;
import io.shmproc.memory.RegionKind;
import java.io.ByteArrayInputStream;
import java.io.ObjectInputStream;
import java.nio.file.Path;
import java.util.Base64;

/** Child-JVM mains for the cross-process queue tests. */
final class QueueChildren {
    /** Marks the end of the stream for a {@link Consumer}. */
    static final long PILL = -1L;
    /** Bits of a message value that hold the sequence number; the producer id sits above them. */
    static final int SEQ_BITS = 40;

    private QueueChildren() {
    }

    static QueueOptions options() {
        return QueueOptions.defaults();
    }

    /** Puts one 16 MiB byte[]: args file. */
    static final class BigProducer {
        public static void main(final String[] args) throws Exception {
            final SharedQueue<Object> q = SharedQueue.attach(Path.of(args[0]), options());
            System.out.println("start");
            q.put(new byte[16 << 20]);
            System.out.println("done");
        }
    }

    /** Puts {@code count} longs {@code id << 40 | seq}: args file, id, count. */
    static final class Producer {
        public static void main(final String[] args) throws Exception {
            final SharedQueue<Object> q = SharedQueue.attach(Path.of(args[0]), options());
            final long id = Long.parseLong(args[1]);
            final int count = Integer.parseInt(args[2]);
            System.out.println("ready");
            for (long seq = 0; seq < count; seq++) {
                q.put(id << SEQ_BITS | seq);
            }
            System.out.println("done");
        }
    }

    /** Takes longs until a pill; prints count, sum, sum of squares and whether per-producer order held. */
    static final class Consumer {
        public static void main(final String[] args) throws Exception {
            final SharedQueue<Object> q = SharedQueue.attach(Path.of(args[0]), options());
            final long[] last = new long[64];
            java.util.Arrays.fill(last, -1);
            long count = 0;
            long sum = 0;
            long squares = 0;
            boolean ordered = true;
            System.out.println("ready");
            while (true) {
                final long v = (Long) q.take();
                if (v == PILL) {
                    break;
                }
                final int id = (int) (v >>> SEQ_BITS);
                final long seq = v & ((1L << SEQ_BITS) - 1);
                if (seq <= last[id]) {
                    ordered = false;
                }
                last[id] = seq;
                count++;
                sum += v;
                squares += v * v;
            }
            System.out.println("result " + count + " " + sum + " " + squares + " " + ordered);
        }
    }

    /** Puts {@code count} strings, says so, then waits to be killed: args file, count. */
    static final class PutThenWait {
        public static void main(final String[] args) throws Exception {
            final SharedQueue<Object> q = SharedQueue.attach(Path.of(args[0]), options());
            final int count = Integer.parseInt(args[1]);
            for (int i = 0; i < count; i++) {
                q.put("item-" + i);
            }
            System.out.println("put-returned");
            Thread.sleep(600_000);
        }
    }

    /** Starts reading the head message and stalls inside the handler, holding the consumer lock: args file. */
    static final class StuckConsumer {
        public static void main(final String[] args) throws Exception {
            final MpmcChannel ch = MpmcChannel.attach(Path.of(args[0]), RegionKind.QUEUE);
            ch.poll((buffer, offset, length) -> {
                System.out.println("reading");
                try {
                    Thread.sleep(600_000);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, 1);
        }
    }

    /** Takes, works a little, and marks each task done, for ever: args file. */
    static final class JoinConsumer {
        public static void main(final String[] args) throws Exception {
            final JoinableQueue<Object> q = JoinableQueue.attach(Path.of(args[0]), options());
            System.out.println("ready");
            while (true) {
                q.take();
                Thread.sleep(1);
                q.taskDone();
            }
        }
    }

    /** Receives a serialized queue handle and puts through it: args base64 handle, item. */
    static final class SerializedHandleUser {
        public static void main(final String[] args) throws Exception {
            final byte[] bytes = Base64.getDecoder().decode(args[0]);
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
                @SuppressWarnings("unchecked")
                final SharedQueue<Object> q = (SharedQueue<Object>) in.readObject();
                q.put(args[1]);
                q.close();
            }
        }
    }
}
