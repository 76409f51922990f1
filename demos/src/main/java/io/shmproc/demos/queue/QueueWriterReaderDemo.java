package io.shmproc.demos.queue;

import io.shmproc.Shmproc;
import io.shmproc.queue.SharedQueue;
import java.nio.file.Path;

/**
 * Python's writer/reader pair over a {@code Queue}: a writer process puts numbered items, a reader process
 * loops for ever printing what it gets, and the parent terminates the reader once everything was read.
 *
 * <pre>
 *   parent ──creates──► queue "items"
 *   writer (JVM) ── put(0..9, "DONE") ──► queue ──► take() ── reader (JVM, loops for ever)
 *   parent: writer.join(); wait until the queue is empty; reader.terminate()
 * </pre>
 *
 * Python: {@code q = Queue(); reader_p = Process(target=reader_proc, args=(q,)); reader_p.daemon = True;
 * reader_p.start(); writer(count, q); ... reader_p.terminate()}.
 */
public final class QueueWriterReaderDemo {
    private QueueWriterReaderDemo() {
    }

    /**
     * Runs the demo.
     *
     * @param args ignored
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedQueue<Object> q = mp.queue("items");
            final String dir = mp.directory().toString();
            final ChildProcess reader = ChildProcess.start("reader", Reader.class, dir);
            final ChildProcess writer = ChildProcess.start("writer", Writer.class, dir, "10");
            writer.join(20);
            final long deadline = System.nanoTime() + 15_000_000_000L;
            while (!q.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // let the reader print its last line
            reader.terminate();
            System.out.println("parent: queue is empty (" + q + "); reader terminated: " + reader);
        }
    }

    /** The writer process: puts {@code count} items and a final marker. */
    static final class Writer {
        private Writer() {
        }

        /**
         * Writer main.
         *
         * @param args context directory, count
         * @throws Exception on failure
         */
        public static void main(final String[] args) throws Exception {
            try (Shmproc mp = Shmproc.attach(Path.of(args[0]))) {
                final SharedQueue<Object> q = mp.queue("items");
                final int count = Integer.parseInt(args[1]);
                for (int i = 0; i < count; i++) {
                    q.put(i);
                }
                q.put("DONE");
                System.out.println("writer: put " + count + " items and DONE");
            }
        }
    }

    /** The reader process: loops for ever; the parent terminates it. */
    static final class Reader {
        private Reader() {
        }

        /**
         * Reader main.
         *
         * @param args context directory
         * @throws Exception on failure
         */
        public static void main(final String[] args) throws Exception {
            final Shmproc mp = Shmproc.attach(Path.of(args[0]));
            final SharedQueue<Object> q = mp.queue("items");
            while (true) {
                final Object item = q.take();
                System.out.println("reader: got " + item);
            }
        }
    }
}
