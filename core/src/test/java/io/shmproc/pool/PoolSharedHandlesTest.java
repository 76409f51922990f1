package io.shmproc.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.shmproc.Shmproc;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedLong;
import io.shmproc.testkit.CrossProcessTest;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tasks may capture shared handles (a counter, a dict, a queue): they re-attach in the worker JVMs. */
@CrossProcessTest
class PoolSharedHandlesTest {

    @Test
    void shouldReattachCapturedHandlesInTheWorkers() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedLong counter = mp.sharedLong("counter", 0);
            final SharedDict<Integer, Long> byItem = mp.dict("by-item");
            final SharedQueue<Integer> done = mp.queue("done");
            final List<Integer> items = IntStream.range(0, 200).boxed().collect(Collectors.toList());
            try (ProcessPool pool = mp.pool(PoolOptions.defaults().processes(2))) {
                final List<Long> pids = pool.map(x -> {
                    counter.incrementAndGet();
                    byItem.put(x, ProcessHandle.current().pid());
                    if (!done.offer(x)) {
                        throw new IllegalStateException("queue full");
                    }
                    return ProcessHandle.current().pid();
                }, items, 10);
                assertEquals(200, pids.size());
            }
            assertEquals(200, counter.get());
            assertEquals(200, byItem.size());
            final TreeSet<Integer> seen = new TreeSet<>();
            for (int i = 0; i < 200; i++) {
                seen.add(done.poll(10, TimeUnit.SECONDS));
            }
            assertEquals(new TreeSet<>(items), seen);
            assertEquals(false, byItem.containsValue(ProcessHandle.current().pid()), "the work ran in other JVMs");
        }
    }
}
