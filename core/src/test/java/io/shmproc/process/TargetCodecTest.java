package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The forms in which a target travels to the child, decoded as the child decodes them. */
class TargetCodecTest {
    /** Records the arguments it was run with (one test thread at a time). */
    public static final class RecordingTask implements ProcessTask {
        static Object[] seen;

        @Override
        public void run(final Object... args) {
            seen = args;
        }
    }

    @Test
    void shouldSendATaskClassWithSimpleArgumentsWithoutJavaSerialization() throws Exception {
        // a pool worker's target: a class and a few strings and numbers; Java serialization costs a spare 4-7 ms
        final byte[] bytes = TargetCodec.encode(TaskInvocation.of(RecordingTask.class, "control-file", 3, null, 7L,
            true, 'x'));

        assertEquals(TargetCodec.TASK, bytes[0], "a task class with simple arguments is sent in the TASK form");
        RecordingTask.seen = null;
        TargetCodec.decode(bytes).run();
        assertArrayEquals(new Object[] {"control-file", 3, null, 7L, true, 'x'}, RecordingTask.seen);
    }

    @Test
    void shouldCarryOtherArgumentsInOneGraphKeepingTheReferencesTheyShare() throws Exception {
        final List<Integer> shared = new java.util.ArrayList<>(List.of(1, 2));
        final byte[] bytes = TargetCodec.encode(TaskInvocation.of(RecordingTask.class, shared, "x", shared));

        RecordingTask.seen = null;
        TargetCodec.decode(bytes).run();
        assertArrayEquals(new Object[] {List.of(1, 2), "x", List.of(1, 2)}, RecordingTask.seen);
        assertSame(RecordingTask.seen[0], RecordingTask.seen[2], "one list passed twice arrives as one list");
    }

    /** Whether bytes hold a Java serialization stream (its magic number, 0xACED). */
    private static boolean javaSerialized(final byte[] bytes) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == (byte) 0xAC && bytes[i + 1] == (byte) 0xED) {
                return true;
            }
        }
        return false;
    }

    /** Something to run with a context directory of its own. */
    private interface InDirectory {
        void run(java.nio.file.Path dir) throws Exception;
    }

    private static void inDirectory(final InDirectory body) throws Exception {
        final io.shmproc.memory.SharedDirectory dir = io.shmproc.memory.SharedDirectory.create(
            io.shmproc.memory.SharedDirectory.defaultBase());
        try {
            body.run(dir.path());
        } finally {
            dir.delete();
        }
    }

    @Test
    void shouldSendACapturedQueueWithoutJavaSerializationUnlessItsCodecIsTheUsers() throws Exception {
        // the user's path: a child's lambda puts into a queue it captures; the first ObjectInputStream of a cold
        // child cost it 8-13 ms
        inDirectory(dir -> {
            try (io.shmproc.queue.SharedQueue<String> queue = io.shmproc.queue.SharedQueue.create(dir.resolve("q"),
                     io.shmproc.queue.QueueOptions.defaults().capacityBytes(1 << 16).maxItems(5));
                 io.shmproc.queue.JoinableQueue<String> tasks = io.shmproc.queue.JoinableQueue.create(
                     dir.resolve("j"), io.shmproc.queue.QueueOptions.defaults().codec(
                         io.shmproc.codec.Codecs.string()));
                 io.shmproc.queue.SharedQueue<Object> custom = io.shmproc.queue.SharedQueue.create(dir.resolve("c"),
                     io.shmproc.queue.QueueOptions.defaults().codec(new UpperCodec()))) {
                final SerializableRunnable target = () -> {
                    queue.put("hello");
                    tasks.put("task");
                };
                final byte[] bytes = TargetCodec.encode(target);
                assertFalse(javaSerialized(bytes), "queues with built-in codecs travel without Java serialization");
                TargetCodec.decode(bytes).run();
                assertEquals("hello", queue.poll());
                assertEquals("task", tasks.poll(), "put with the string codec, as the parent's handle reads it");
                assertEquals(1, tasks.unfinishedTasks(), "a joinable queue arrives joinable, on the same file");

                final SerializableRunnable withCustom = () -> custom.put("x");
                final byte[] customBytes = TargetCodec.encode(withCustom);
                assertTrue(javaSerialized(customBytes), "the user's own codec travels by Java serialization");
                TargetCodec.decode(customBytes).run();
                assertEquals("X", custom.poll(), "and the child encodes with it");
            }
        });
    }

    @Test
    void shouldSendACapturedPipeEndWithoutJavaSerialization() throws Exception {
        inDirectory(dir -> {
            final io.shmproc.pipe.Pipe<String> pipe = io.shmproc.pipe.Pipe.open(dir.resolve("p"),
                io.shmproc.pipe.PipeOptions.duplex().capacity(1 << 16), io.shmproc.codec.Codecs.string());
            try (io.shmproc.pipe.Connection<String> mine = pipe.first();
                 io.shmproc.pipe.Connection<String> theirs = pipe.second()) {
                final SerializableRunnable target = () -> theirs.send("from the copy");
                final byte[] bytes = TargetCodec.encode(target);
                assertFalse(javaSerialized(bytes), "an end with a built-in codec travels without Java serialization");
                TargetCodec.decode(bytes).run();
                assertEquals("from the copy", mine.recv(), "the copy sends on the same end, with the same codec");
            }
        });
    }

    @Test
    void shouldSendCapturedLocksSemaphoresAndEventsWithoutJavaSerialization() throws Exception {
        inDirectory(dir -> {
            final io.shmproc.sync.SyncOptions options = io.shmproc.sync.SyncOptions.defaults().maxWaiters(7);
            try (io.shmproc.sync.Lock lock = io.shmproc.sync.Lock.create(dir.resolve("l"), options);
                 io.shmproc.sync.Semaphore permits = io.shmproc.sync.Semaphore.create(dir.resolve("s"), 0, options);
                 io.shmproc.sync.Event done = io.shmproc.sync.Event.create(dir.resolve("e"), options)) {
                final SerializableRunnable target = () -> {
                    lock.lock();
                    try {
                        permits.release();
                    } finally {
                        lock.unlock();
                    }
                    done.set();
                };
                final byte[] bytes = TargetCodec.encode(target);
                assertFalse(javaSerialized(bytes), "locks, semaphores and events travel without Java serialization");
                TargetCodec.decode(bytes).run();
                assertEquals(1, permits.availablePermits(), "the copy released a permit of the same semaphore");
                assertTrue(done.isSet(), "and set the same event");
                assertTrue(lock.tryLock(), "and left the same lock free");
                lock.unlock();
            }
        });
    }

    @Test
    void shouldSendCapturedSharedValuesAndArraysWithoutJavaSerialization() throws Exception {
        inDirectory(dir -> {
            final io.shmproc.state.SharedInt counter = io.shmproc.state.SharedInt.open(dir.resolve("i"), 3);
            final io.shmproc.state.SharedDoubleArray samples = io.shmproc.state.SharedDoubleArray.open(
                dir.resolve("d"), 4);
            final SerializableRunnable target = () -> {
                counter.addAndGet(2);
                samples.set(1, 2.5);
            };
            final byte[] bytes = TargetCodec.encode(target);
            assertFalse(javaSerialized(bytes), "shared values and arrays travel without Java serialization");
            TargetCodec.decode(bytes).run();
            assertEquals(5, counter.get(), "the copy added to the same counter");
            assertEquals(2.5, samples.get(1), "and wrote into the same array");
        });
    }

    @Test
    void shouldSendCapturedDictsAndListsWithoutJavaSerialization() throws Exception {
        inDirectory(dir -> {
            try (io.shmproc.state.SharedDict<String, Object> dict = io.shmproc.state.SharedDict.open(
                     dir.resolve("d"), io.shmproc.state.DictOptions.<String, Object>defaults().allowNullValues());
                 io.shmproc.state.SharedList<Object> list = io.shmproc.state.SharedList.open(dir.resolve("l"),
                     io.shmproc.state.ListOptions.defaults())) {
                final SerializableRunnable target = () -> {
                    dict.put("answer", 42);
                    dict.put("nothing", null);
                    list.add("appended");
                };
                final byte[] bytes = TargetCodec.encode(target);
                assertFalse(javaSerialized(bytes), "dicts and lists with built-in codecs travel without Java"
                    + " serialization");
                TargetCodec.decode(bytes).run();
                assertEquals(42, dict.get("answer"), "the copy wrote into the same dict");
                assertTrue(dict.containsKey("nothing"), "with the same options: null values allowed");
                assertEquals(List.of("appended"), List.copyOf(list), "and appended to the same list");
            }
        });
    }

    /** A user's codec: strings, upper-cased on the way in. */
    static final class UpperCodec implements io.shmproc.codec.Codec<Object>, java.io.Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int encode(final Object value, final org.agrona.MutableDirectBuffer buffer, final int offset) {
            return io.shmproc.codec.Codecs.string().encode(value.toString().toUpperCase(java.util.Locale.ROOT),
                buffer, offset);
        }

        @Override
        public Object decode(final org.agrona.DirectBuffer buffer, final int offset, final int length) {
            return io.shmproc.codec.Codecs.string().decode(buffer, offset, length);
        }
    }

    @Test
    void shouldRefuseACorruptTaskForm() {
        final byte[] bytes = TargetCodec.encode(TaskInvocation.of(RecordingTask.class, "a"));
        final byte[] corrupt = java.util.Arrays.copyOf(bytes, bytes.length - 1);

        assertThrows(IOException.class, () -> TargetCodec.decode(corrupt));
    }
}
