package io.shmproc.demos.queue;

import io.shmproc.Shmproc;
import io.shmproc.queue.JoinableQueue;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code JoinableQueue} "cooks and eaters" program: two cooks (producer processes) put dishes, two eaters
 * (daemon consumer processes) take them and call {@code taskDone()}; the parent waits for the cooks, then
 * {@code join()}s the queue until every dish was eaten, and exits (its daemon eaters are ended with it).
 *
 * <pre>
 *   cook-1 ─┐                 ┌─► eater-1: take(); eat; taskDone()
 *           ├─► dishes ──────►┤
 *   cook-2 ─┘  (JoinableQueue)└─► eater-2: take(); eat; taskDone()
 *   parent: cooks.join(); dishes.join(); exit (eaters are daemons)
 * </pre>
 */
public final class CooksAndEatersDemo {
    private static final int DISHES_PER_COOK = 10;

    private CooksAndEatersDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final JoinableQueue<Object> dishes = mp.joinableQueue("dishes");
            final String dir = mp.directory().toString();
            final List<ChildProcess> eaters = List.of(ChildProcess.start("eater-1", Eater.class, dir, "eater-1"),
                ChildProcess.start("eater-2", Eater.class, dir, "eater-2"));
            final List<ChildProcess> cooks = List.of(ChildProcess.start("cook-1", Cook.class, dir, "cook-1"),
                ChildProcess.start("cook-2", Cook.class, dir, "cook-2"));
            for (final ChildProcess cook : cooks) {
                cook.join(20);
            }
            dishes.join();
            System.out.println("parent: every dish was eaten (" + dishes + ")");
            for (final ChildProcess eater : eaters) {
                eater.terminate(); // daemon processes end with their parent
            }
        }
    }

    /** A cook: puts dishes. */
    static final class Cook {
        private Cook() {
        }

        /**
         * Cook main.
         *
         * @param args context directory, name
         * @throws Exception on failure
         */
        public static void main(final String[] args) throws Exception {
            try (Shmproc mp = Shmproc.attach(Path.of(args[0]))) {
                final JoinableQueue<Object> dishes = mp.joinableQueue("dishes");
                for (int i = 1; i <= DISHES_PER_COOK; i++) {
                    final String dish = args[1] + " dish " + i;
                    dishes.put(dish);
                    System.out.println(args[1] + " cooked " + dish);
                    Thread.sleep(5);
                }
            }
        }
    }

    /** An eater: takes dishes for ever and marks each one done. */
    static final class Eater {
        private Eater() {
        }

        /**
         * Eater main.
         *
         * @param args context directory, name
         * @throws Exception on failure
         */
        public static void main(final String[] args) throws Exception {
            final Shmproc mp = Shmproc.attach(Path.of(args[0]));
            final JoinableQueue<Object> dishes = mp.joinableQueue("dishes");
            while (true) {
                final Object dish = dishes.take();
                Thread.sleep(3);
                System.out.println(args[1] + " ate " + dish);
                dishes.taskDone();
            }
        }
    }
}
