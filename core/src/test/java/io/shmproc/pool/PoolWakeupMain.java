package io.shmproc.pool;

import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.Sleepers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A parent JVM for {@link PoolKernelWakeupTest}: starts a pool of one worker (which inherits this JVM's wake-up
 * settings), lets the dispatcher and the worker go cold, prints how many of them published themselves as
 * sleepers, then times one {@code apply} (submit wakes the dispatcher, the task wakes the worker, the result
 * wakes the dispatcher) and counts the sleepers' socket files in the pool's directory.
 */
final class PoolWakeupMain {
    private PoolWakeupMain() {
    }

    public static void main(final String[] args) throws Exception {
        // the worker inherits this JVM's wake-up settings
        try (ProcessPool pool = ProcessPool.create(PoolOptions.defaults().processes(1));
             MappedRegion region = MappedRegion.attach(pool.controlFile(), RegionKind.POOL, PoolLayout.VERSION)) {
            pool.apply(() -> 1);
            final Path dir = pool.controlFile().toAbsolutePath().getParent();
            final int ringCapacity = region.payload().getInt(PoolLayout.RING_CAPACITY_OFFSET);
            final Sleepers dispatcher = new Sleepers(region.payload(), PoolLayout.DISPATCHER_SLEEPERS_OFFSET, dir);
            final Sleepers worker = new Sleepers(region.payload(), PoolLayout.slotOffset(0, ringCapacity)
                + PoolLayout.STATUS_SLEEPERS_OFFSET, dir);
            final long deadline = System.nanoTime() + 20_000_000_000L;
            Thread.sleep(500);
            while (KernelWakeup.enabled() && (dispatcher.count() == 0 || worker.count() == 0)
                && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(100);
            System.out.println("asleep " + dispatcher.count() + " " + worker.count());
            final long start = System.nanoTime();
            final int result = pool.apply(() -> 41 + 1);
            System.out.println("took " + (System.nanoTime() - start) / 1_000_000 + " " + result);
            try (Stream<Path> files = Files.list(dir)) {
                System.out.println("sockets " + files.filter(f -> f.getFileName().toString()
                    .startsWith(KernelWakeup.SOCKET_PREFIX)).count());
            }
        }
    }
}
