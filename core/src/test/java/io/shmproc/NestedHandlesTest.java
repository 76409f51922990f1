package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.codec.Codec;
import io.shmproc.codec.Codecs;
import io.shmproc.codec.KryoCodec;
import io.shmproc.memory.ArrayBuffer;
import io.shmproc.pipe.Pipe;
import io.shmproc.pool.PoolOptions;
import io.shmproc.pool.ProcessPool;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedList;
import io.shmproc.state.SharedLong;
import io.shmproc.testkit.CrossProcessTest;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every shared handle travels through every codec, nested at any depth, as a task argument and inside a queue
 * item, and arrives attached to the same shared file (Python's nested proxies).
 */
@CrossProcessTest
class NestedHandlesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static List<Object> everyHandle(final Shmproc mp) {
        final List<Object> handles = new ArrayList<>();
        handles.add(mp.list("l"));
        handles.add(mp.dict("d"));
        handles.add(mp.queue("q"));
        handles.add(mp.simpleQueue("sq"));
        handles.add(mp.joinableQueue("jq"));
        handles.add(mp.sharedLong("long", 1));
        handles.add(mp.sharedInt("int", 2));
        handles.add(mp.sharedDouble("double", 3));
        handles.add(mp.sharedLongArray("longs", 4));
        handles.add(mp.sharedIntArray("ints", 4));
        handles.add(mp.sharedDoubleArray("doubles", 4));
        handles.add(mp.sharedByteArray("bytes", 4));
        handles.add(mp.lock("lock"));
        handles.add(mp.rlock("rlock"));
        handles.add(mp.condition("cond"));
        handles.add(mp.semaphore("sem", 2));
        handles.add(mp.boundedSemaphore("bsem", 2));
        handles.add(mp.event("event"));
        handles.add(mp.barrier("barrier", 2));
        handles.add(mp.sharedMemory("shm", 64));
        return handles;
    }

    private static Path where(final Object handle) throws Exception {
        if (handle instanceof io.shmproc.sync.Condition) {
            return where(((io.shmproc.sync.Condition) handle).lock());
        }
        for (final String name : new String[] {"file", "directory"}) {
            try {
                final Method m = handle.getClass().getMethod(name);
                m.setAccessible(true); // implementations are package-private behind the public interfaces
                return (Path) m.invoke(handle);
            } catch (final NoSuchMethodException e) {
                // try the next
            }
        }
        throw new AssertionError(handle.getClass() + " has neither file() nor directory()");
    }

    /** A value holding the handle three levels deep: in a list, in a map, in a list. */
    private static Object nest(final Object handle) {
        final Map<String, Object> map = new HashMap<>();
        map.put("inner", new ArrayList<>(List.of("before", handle)));
        return new ArrayList<>(List.of(map));
    }

    @SuppressWarnings("unchecked")
    private static Object unnest(final Object value) {
        final Map<String, Object> map = (Map<String, Object>) ((List<Object>) value).get(0);
        return ((List<Object>) map.get("inner")).get(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldCarryEveryHandleThroughEveryCodecNestedAndAtTopLevel() throws Exception {
        final List<Codec<Object>> codecs = List.of(Codecs.object(), Codecs.javaSerialization(),
            KryoCodec.create());
        try (Shmproc mp = Shmproc.open()) {
            final List<Object> handles = everyHandle(mp);
            final ArrayBuffer buffer = ArrayBuffer.growable(1024);
            for (final Codec<Object> codec : codecs) {
                for (final Object handle : handles) {
                    for (final boolean nested : new boolean[] {false, true}) {
                        final String what = handle.getClass().getSimpleName() + " through " + codec
                            + (nested ? " nested" : "");
                        final Object sent = nested ? nest(handle) : handle;
                        final int length = codec.encode(sent, buffer, 0);
                        final Object decoded = codec.decode(buffer, 0, length);
                        final Object copy = nested ? unnest(decoded) : decoded;
                        assertSame(handle.getClass(), copy.getClass(), what);
                        assertNotSame(handle, copy, what);
                        assertEquals(where(handle), where(copy), what);
                        ((AutoCloseable) copy).close();
                    }
                }
                // A pipe end is handed over once (single owner until ends are shareable): a fresh pipe per codec.
                final Pipe<Object> pipe = mp.pipe();
                final int length = codec.encode(nest(pipe.first()), buffer, 0);
                final Object end = unnest(codec.decode(buffer, 0, length));
                assertEquals(pipe.first().file(), where(end), "a pipe end through " + codec);
            }
            final SharedList<Object> outer = mp.list("outer");
            final SharedList<Object> innerList = (SharedList<Object>) handles.get(0);
            final SharedDict<Object, Object> innerDict = (SharedDict<Object, Object>) handles.get(1);
            outer.add(innerList);
            outer.add(innerDict);
            ((SharedList<Object>) outer.get(0)).add("through the outer list");
            ((SharedDict<Object, Object>) outer.get(1)).put("k", "through the outer list");
            assertEquals(List.of("through the outer list"), innerList);
            assertEquals("through the outer list", innerDict.get("k"));
            final SharedDict<String, Object> dict = mp.dict("outer-dict");
            dict.put("dict", innerDict);
            dict.put("nested", nest(innerList));
            ((SharedDict<Object, Object>) dict.get("dict")).put("k2", "v2");
            ((SharedList<Object>) unnest(dict.get("nested"))).add("deep");
            assertEquals("v2", innerDict.get("k2"));
            assertEquals("deep", innerList.get(1));
            final SharedQueue<Object> queue = (SharedQueue<Object>) handles.get(2);
            queue.put(queue);
            ((SharedQueue<Object>) queue.take()).put("a queue through itself");
            assertEquals("a queue through itself", queue.take());
            for (final Object handle : handles) {
                ((AutoCloseable) handle).close();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReattachNestedHandlesInAChildAndAsPoolTaskArguments() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedDict<String, Object> dict = mp.dict("dict");
            final SharedList<Object> list = mp.list("list");
            final SharedQueue<Object> queue = mp.queue("queue");
            final SharedQueue<Object> replies = mp.queue("replies");
            final SharedLong counter = mp.sharedLong("counter", 0);
            dict.put("list", list);
            dict.put("deep", nest(counter));
            queue.put(nest(replies));
            final ShmProcess child = mp.process(() -> {
                final SharedList<Object> l = (SharedList<Object>) dict.get("list");
                l.add("from the child");
                ((SharedLong) unnest(dict.get("deep"))).incrementAndGet();
                try {
                    ((SharedQueue<Object>) unnest(queue.take())).put("reply through a nested queue");
                } catch (final InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }).start();
            assertTrue(child.join(WAIT));
            assertEquals(0, child.exitCode().getAsInt());
            assertEquals(List.of("from the child"), list);
            assertEquals(1, counter.get());
            assertEquals("reply through a nested queue", replies.poll(10, TimeUnit.SECONDS));
            try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(1))) {
                final Integer size = pool.apply(l -> {
                    l.add("from a pool worker");
                    return l.size();
                }, list);
                assertEquals(2, size);
                final Long n = pool.apply(nested -> ((SharedLong) unnest(nested)).incrementAndGet(), nest(counter));
                assertEquals(2L, n);
                final List<Integer> sizes = pool.map(q -> {
                    ((SharedQueue<Object>) q).offer("mapped");
                    return 1;
                }, List.of(replies, replies));
                assertEquals(List.of(1, 1), sizes);
            }
            assertEquals("from a pool worker", list.get(1));
            assertEquals("mapped", replies.poll(10, TimeUnit.SECONDS));
            assertEquals("mapped", replies.poll(10, TimeUnit.SECONDS));
            assertTrue(replies.isEmpty());
        }
    }
}
