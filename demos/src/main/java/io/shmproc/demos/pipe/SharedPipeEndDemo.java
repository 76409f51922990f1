package io.shmproc.demos.pipe;

import io.shmproc.Shmproc;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.pipe.PipeOptions;
import io.shmproc.process.ShmProcess;
import java.io.EOFException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several worker processes send on one pipe end, as a Python program passes the same {@code Connection} to
 * every worker: messages arrive whole, each worker's in its order, and the parent's {@code recv} reaches end of
 * file once every holder of the sending end (the workers and the parent's own copy) has closed it.
 *
 * <pre>
 * # Python                                          # shmproc
 * reader, writer = Pipe(duplex=False)               Pipe&lt;Object&gt; pipe = mp.pipe(PipeOptions.simplex());
 * ps = [Process(target=work, args=(writer, i))      mp.process(() -&gt; work(writer, i)).start()  (4 times)
 *       for i in range(4)]; [p.start() for p in ps]
 * writer.close()                                    writer.close();
 * while True: try: print(reader.recv())             while (true) { try { reader.recv() }
 *             except EOFError: break                              catch (EOFException e) { break; } }
 * </pre>
 */
public final class SharedPipeEndDemo {
    private static final int WORKERS = 4;
    private static final int RESULTS = 5;

    private SharedPipeEndDemo() {
    }

    /**
     * A worker: sends its results on the shared end, then closes its copy.
     *
     * @param writer the shared sending end
     * @param id     the worker's number
     * @throws InterruptedException never in practice
     */
    static void work(final Connection<Object> writer, final int id) throws InterruptedException {
        try (writer) {
            for (int n = 1; n <= RESULTS; n++) {
                writer.send("worker " + id + ": " + n + " squared is " + n * n);
            }
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
            final Pipe<Object> pipe = mp.pipe(PipeOptions.simplex());
            final Connection<Object> reader = pipe.first();
            final Connection<Object> writer = pipe.second();
            final List<ShmProcess> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                final int id = i;
                workers.add(mp.process(() -> work(writer, id)).start());
            }
            writer.close();
            int received = 0;
            while (true) {
                try {
                    System.out.println(reader.recv());
                    received++;
                } catch (final EOFException e) {
                    break;
                }
            }
            for (final ShmProcess worker : workers) {
                worker.join();
            }
            System.out.println("parent: " + received + " messages from " + WORKERS + " workers on one end, then end of"
                + " file once every copy of the end was closed");
        }
    }
}
