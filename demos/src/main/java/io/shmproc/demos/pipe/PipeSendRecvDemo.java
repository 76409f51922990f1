package io.shmproc.demos.pipe;

import io.shmproc.Shmproc;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import io.shmproc.process.ShmProcess;
import java.io.EOFException;
import java.util.Arrays;

/**
 * The Python guide's {@code Pipe} example, both ways: the child sends {@code [42, None, 'hello']}, the parent
 * prints it and answers, the child prints the answer.
 *
 * <pre>
 * # Python                                          # shmproc
 * parent_conn, child_conn = Pipe()                  Pipe&lt;Object&gt; pipe = mp.pipe();
 * p = Process(target=f, args=(child_conn,))         Connection&lt;Object&gt; childConn = pipe.second();
 *                                                   ShmProcess p = mp.process(() -&gt; f(childConn));
 * p.start()                                         p.start();
 * print(parent_conn.recv())                         System.out.println(pipe.first().recv());
 * p.join()                                          p.join();
 * def f(conn): conn.send([42, None, 'hello'])       conn.send(Arrays.asList(42, null, "hello"));
 * </pre>
 */
public final class PipeSendRecvDemo {
    private PipeSendRecvDemo() {
    }

    /**
     * The child's body: send a list, print the answer, close its end.
     *
     * @param conn the child's end of the pipe
     * @throws EOFException         when the parent closed its end without answering
     * @throws InterruptedException never in practice
     */
    static void f(final Connection<Object> conn) throws EOFException, InterruptedException {
        try (conn) {
            conn.send(Arrays.asList(42, null, "hello"));
            System.out.println("child received: " + conn.recv());
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
            final Pipe<Object> pipe = mp.pipe();
            final Connection<Object> parentConn = pipe.first();
            final Connection<Object> childConn = pipe.second();
            final ShmProcess p = mp.process(() -> f(childConn)).start();
            System.out.println("parent received: " + parentConn.recv());
            parentConn.send("thanks, child");
            p.join();
            System.out.println("child exited with " + p.exitCode().orElse(Integer.MIN_VALUE));
        }
    }
}
