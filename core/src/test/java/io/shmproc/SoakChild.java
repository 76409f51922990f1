package io.shmproc;

import io.shmproc.queue.SharedQueue;
import java.nio.file.Path;

/**
 * Children of {@link ContextSoakTest}: {@code produce DIR ID COUNT} puts COUNT longs; {@code consume DIR}
 * takes longs until it takes -1 and prints how many and their sum; {@code churn COUNT} opens and closes
 * that many contexts and prints its descriptor and mapping counts before and after.
 */
final class SoakChild {
    private SoakChild() {
    }

    public static void main(final String[] args) throws Exception {
        switch (args[0]) {
            case "produce": {
                try (Shmproc mp = Shmproc.attach(Path.of(args[1]))) {
                    final SharedQueue<Long> q = mp.queue("soak");
                    final long base = Long.parseLong(args[2]) * 1_000_000_000L;
                    final int count = Integer.parseInt(args[3]);
                    for (int i = 0; i < count; i++) {
                        q.put(base + i);
                    }
                }
                System.out.println("produced");
                break;
            }
            case "consume": {
                long n = 0;
                long sum = 0;
                try (Shmproc mp = Shmproc.attach(Path.of(args[1]))) {
                    final SharedQueue<Long> q = mp.queue("soak");
                    for (long v = q.take(); v != -1; v = q.take()) {
                        n++;
                        sum += v;
                    }
                }
                System.out.println("consumed " + n + " " + sum);
                break;
            }
            default: {
                final int count = Integer.parseInt(args[1]);
                for (int i = 0; i < 10; i++) {
                    ContextLeakTest.useOneContext(i);
                }
                final long fds = ContextLeakTest.openDescriptors();
                final long maps = ContextLeakTest.sharedFileMappings();
                int contexts = 0;
                while (contexts < count) {
                    ContextLeakTest.useOneContext(contexts++);
                }
                System.out.println("churned " + contexts + " fds " + fds + " " + ContextLeakTest.openDescriptors()
                    + " maps " + maps + " " + ContextLeakTest.sharedFileMappings());
            }
        }
    }
}
