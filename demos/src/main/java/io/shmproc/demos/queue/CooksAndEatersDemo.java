package io.shmproc.demos.queue;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.JoinableQueue;
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
 *
 * <pre>
 * def eater(name, q):                          # Python
 *     while True:
 *         dish = q.get(); print(name, 'ate', dish); q.task_done()
 *
 * if __name__ == '__main__':
 *     q = JoinableQueue()
 *     for name in ('eater-1', 'eater-2'):
 *         Process(target=eater, args=(name, q), daemon=True).start()
 *     cooks = [Process(target=cook, args=(name, q)) for name in ('cook-1', 'cook-2')]
 *     for c in cooks: c.start()
 *     for c in cooks: c.join()
 *     q.join()
 * </pre>
 */
public final class CooksAndEatersDemo {
    private static final int DISHES_PER_COOK = 10;

    private CooksAndEatersDemo() {
    }

    /**
     * A cook's body: puts its dishes.
     *
     * @param name   the cook's name
     * @param dishes the queue
     * @throws InterruptedException never in practice
     */
    static void cook(final String name, final JoinableQueue<Object> dishes) throws InterruptedException {
        for (int i = 1; i <= DISHES_PER_COOK; i++) {
            final String dish = name + " dish " + i;
            dishes.put(dish);
            System.out.println(name + " cooked " + dish);
            Thread.sleep(5);
        }
    }

    /**
     * An eater's body: takes dishes for ever and marks each one done.
     *
     * @param name   the eater's name
     * @param dishes the queue
     * @throws InterruptedException never in practice
     */
    static void eater(final String name, final JoinableQueue<Object> dishes) throws InterruptedException {
        while (true) {
            final Object dish = dishes.take();
            Thread.sleep(3);
            System.out.println(name + " ate " + dish);
            System.out.flush();
            dishes.taskDone();
        }
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
            for (final String name : List.of("eater-1", "eater-2")) {
                mp.process(() -> eater(name, dishes)).name(name).daemon(true).start();
            }
            final List<ShmProcess> cooks = List.of(
                mp.process(() -> cook("cook-1", dishes)).name("cook-1").start(),
                mp.process(() -> cook("cook-2", dishes)).name("cook-2").start());
            for (final ShmProcess cook : cooks) {
                cook.join();
            }
            dishes.join();
            System.out.println("parent: every dish was eaten (" + dishes + ")");
        } // closing the context terminates the daemon eaters, as Python does when its main process exits
    }
}
