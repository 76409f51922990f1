package io.shmproc.channel;

import io.shmproc.memory.ArrayBuffer;
import io.shmproc.memory.SleepersLayout;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Child JVM mains for the kernel wake-up tests. */
final class WakeChildren {
    private WakeChildren() {
    }

    /**
     * Consumer blocked in a waiting poll: {@code <spsc|mpmc> <file>}; prints {@code latency <micros>} for each
     * message (a {@link System#nanoTime()} stamp from the parent; the clock is the same across processes on
     * Linux), exits on a negative stamp.
     */
    static final class Consumer {
        private Consumer() {
        }

        public static void main(final String[] args) throws Exception {
            final long[] stamp = new long[1];
            if ("spsc".equals(args[0])) {
                try (SpscChannel channel = SpscChannel.attach(Path.of(args[1]), ChannelOptions.defaults())) {
                    System.out.println("ready");
                    while (true) {
                        channel.poll((buffer, offset, length) -> stamp[0] = buffer.getLong(offset), 1, 60,
                            TimeUnit.SECONDS);
                        if (!report(stamp[0])) {
                            return;
                        }
                    }
                }
            }
            try (MpmcChannel channel = MpmcChannel.attach(Path.of(args[1]))) {
                final org.agrona.concurrent.IdleStrategy idle = WaitStrategy.BACKOFF.newIdleStrategy();
                System.out.println("ready");
                while (true) {
                    channel.poll((buffer, offset, length) -> stamp[0] = buffer.getLong(offset), 1,
                        System.nanoTime() + TimeUnit.SECONDS.toNanos(60), idle);
                    if (!report(stamp[0])) {
                        return;
                    }
                }
            }
        }

        private static boolean report(final long stamp) {
            if (stamp < 0) {
                return false;
            }
            System.out.println("latency " + (System.nanoTime() - stamp) / 1000);
            return true;
        }
    }

    /**
     * Stands for a waker killed between taking a sleeper's id and its system call: takes every published id
     * without waking, writes one stamp, then halts: {@code <spsc|mpmc> <file>}.
     */
    static final class DyingWaker {
        private DyingWaker() {
        }

        public static void main(final String[] args) {
            final ArrayBuffer message = ArrayBuffer.wrapping(new byte[8]);
            message.putLong(0, System.nanoTime());
            if ("spsc".equals(args[0])) {
                final SpscChannel channel = SpscChannel.attach(Path.of(args[1]), ChannelOptions.defaults());
                takeAll(channel.dataSleepers());
                channel.offer(message, 0, 8);
            } else {
                final MpmcChannel channel = MpmcChannel.attach(Path.of(args[1]));
                takeAll(channel.dataSleepers());
                channel.offer(message, 0, 8);
            }
            System.out.println("taken and written");
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }

        private static void takeAll(final io.shmproc.memory.Sleepers sleepers) {
            for (int slot = 0; slot < SleepersLayout.SLOTS; slot++) {
                sleepers.take(slot);
            }
        }
    }
}
