package io.shmproc.channel;

import io.shmproc.Shmproc;
import io.shmproc.codec.Codecs;
import io.shmproc.queue.DurableQueue;
import io.shmproc.queue.DurableQueueOptions;
import java.nio.file.Path;

/** Child JVM: opens a context, then a durable queue in DIR, and prints what happened. */
public final class ChronicleProbeMain {
    private ChronicleProbeMain() {
    }

    public static void main(final String[] args) {
        try (Shmproc mp = Shmproc.open()) {
            System.out.println(mp.isOwner() ? "CONTEXT OK" : "CONTEXT ATTACHED");
            try (DurableQueue<String> queue = DurableQueue.open(Path.of(args[0]), Codecs.string(),
                DurableQueueOptions.defaults())) {
                queue.put("x");
                System.out.println("QUEUE OK " + queue.poll());
            } catch (final RuntimeException e) {
                System.out.println("FAILED " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
