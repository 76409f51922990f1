package io.shmproc.pool;

import io.shmproc.memory.MappedRegion;
import io.shmproc.memory.RegionKind;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.process.SpareExtension;
import java.nio.file.Path;

/**
 * The pool's part of a warm spare's warm-up ({@link SpareExtension}): a pool worker's whole path, once, in the
 * spare's own thread, on a private control file of one slot. It writes what a dispatcher writes (a function, a
 * task calling it, a stop) into the slot's task ring and runs {@link PoolWorker#run} on it: the worker attaches,
 * deserializes the function (a lambda, so Java serialization's lambda path runs too), calls it, writes the
 * result and stops. Measured without it: a pool of four from warm spares spent 10-20 ms per worker between the
 * hand-off and its worker's loop, loading these classes, four JVMs at once on the machine's cores.
 *
 * <p>Nothing stays: the control file's directory is deleted, the worker's socket released with it.
 */
public final class PoolSpareWarmup implements SpareExtension {
    private static final int RING_CAPACITY = 64 * 1024;
    private static final long JOB_ID = 1;

    /** For the service loader. */
    public PoolSpareWarmup() {
    }

    @Override
    public void warmUp() throws Exception {
        final SharedDirectory dir = SharedDirectory.create(SharedDirectory.configuredBase());
        try {
            final Path file = dir.resolve("pool-spare-warmup");
            try (MappedRegion region = MappedRegion.create(file, RegionKind.POOL, PoolLayout.VERSION,
                PoolLayout.payloadLength(1, RING_CAPACITY), payload -> {
                    payload.putInt(PoolLayout.WORKERS_OFFSET, 1);
                    payload.putInt(PoolLayout.RING_CAPACITY_OFFSET, RING_CAPACITY);
                })) {
                final WorkerSlot slot = new WorkerSlot(region.payload(), dir.path(), 0, RING_CAPACITY);
                final int maxMessageLength = slot.tasks.maxMsgLength();
                final SerializableFunction<Object, Object> identity = x -> x;
                final FunctionCache.Fn fn = new FunctionCache(maxMessageLength).lookup(identity,
                    Invoker.of(identity));
                final byte[] body = new TaskEncoder(maxMessageLength).single(1, "warm", null);
                if (!slot.offerDefine(fn) || !slot.offerTask(JOB_ID, fn.id, body)) {
                    throw new IllegalStateException("the warm-up's task ring refused a message");
                }
                slot.tasks.write(PoolProtocol.STOP, slot.memory, 0, 0);
                PoolWorker.run(file.toString(), 0, 1, 0);
                final int[] results = new int[1];
                slot.results.read((type, buffer, index, length) -> {
                    if (type == PoolProtocol.RESULT && buffer.getLong(index, PoolProtocol.ORDER) == JOB_ID) {
                        results[0]++;
                    }
                }, Integer.MAX_VALUE);
                region.unlink();
                if (results[0] != 1) {
                    throw new IllegalStateException("the warm-up's worker wrote " + results[0] + " results, not 1");
                }
            }
        } finally {
            SharedDirectory.deleteTree(dir.path());
        }
    }
}
