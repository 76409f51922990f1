package io.shmproc.demos.queue;

import io.shmproc.Shmproc;
import io.shmproc.process.ShmProcess;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedInt;
import java.util.concurrent.TimeUnit;

/**
 * Python's writer/reader pair over a {@code Queue}: a writer process puts numbered items and "DONE", a daemon
 * reader process loops for ever printing what it gets, and the parent terminates the reader once it has read
 * everything.
 *
 * <pre>
 *   parent ──creates──► queue "items", counter "read"
 *   writer (process) ── put(0..9, "DONE") ──► queue ──► take() ── reader (daemon, loops for ever)
 *   parent: writer.join(); wait until the reader has read all 11; reader.terminate(); reader.join()
 * </pre>
 *
 * <pre>
 * def reader_proc(queue):                      # Python
 *     while True:
 *         msg = queue.get()
 *         print('reader: got', msg)
 *
 * if __name__ == '__main__':
 *     q = Queue()
 *     reader_p = Process(target=reader_proc, args=(q,)); reader_p.daemon = True; reader_p.start()
 *     writer_p = Process(target=writer, args=(10, q)); writer_p.start(); writer_p.join()
 *     ...
 *     reader_p.terminate(); reader_p.join()
 * </pre>
 */
public final class QueueWriterReaderDemo {
    private static final int COUNT = 10;

    private QueueWriterReaderDemo() {
    }

    /**
     * The writer's body: puts {@code count} items and a final marker.
     *
     * @param q     the queue
     * @param count how many numbered items
     * @throws InterruptedException never in practice
     */
    static void writer(final SharedQueue<Object> q, final int count) throws InterruptedException {
        for (int i = 0; i < count; i++) {
            q.put(i);
        }
        q.put("DONE");
        System.out.println("writer: put " + count + " items and DONE");
    }

    /**
     * The reader's body: loops for ever, printing each item and counting it; the parent terminates it.
     *
     * @param q    the queue
     * @param read counts the items read
     * @throws InterruptedException never in practice
     */
    static void reader(final SharedQueue<Object> q, final SharedInt read) throws InterruptedException {
        while (true) {
            final Object item = q.take();
            System.out.println("reader: got " + item);
            System.out.flush();
            read.incrementAndGet();
        }
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws Exception on failure
     * @throws IllegalStateException when the reader did not read everything within 30 s
     */
    public static void main(final String[] args) throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<Object> q = mp.queue("items");
            final SharedInt read = mp.sharedInt("read", 0);
            final ShmProcess readerP = mp.process(() -> reader(q, read)).name("reader").daemon(true).start();
            final ShmProcess writerP = mp.process(() -> writer(q, COUNT)).name("writer").start();
            writerP.join();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (read.get() < COUNT + 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (read.get() < COUNT + 1) {
                throw new IllegalStateException("the reader read " + read.get() + " of " + (COUNT + 1) + " items");
            }
            readerP.terminate();
            readerP.join();
            System.out.println("parent: the reader read all " + read.get() + " items; queue empty: " + q.isEmpty()
                + "; reader terminated: " + readerP);
        }
    }
}
