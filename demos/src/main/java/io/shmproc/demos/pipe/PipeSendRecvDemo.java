package io.shmproc.demos.pipe;

import io.shmproc.Shmproc;
import io.shmproc.pipe.Connection;
import io.shmproc.pipe.Pipe;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The Python guide's {@code Pipe} example, both ways: the child sends {@code [42, None, 'hello']}, the parent
 * prints it and answers, the child prints the answer.
 *
 * <pre>
 * # Python                                          # shmproc
 * parent_conn, child_conn = Pipe()                  Pipe&lt;Object&gt; pipe = mp.pipe();
 * p = Process(target=f, args=(child_conn,))         child JVM gets pipe.second()
 * print(parent_conn.recv())                         System.out.println(pipe.first().recv());
 * def f(conn): conn.send([42, None, 'hello'])       connection.send(Arrays.asList(42, null, "hello"));
 * </pre>
 */
public final class PipeSendRecvDemo {
    private PipeSendRecvDemo() {
    }

    /**
     * Runs the parent (no arguments) or the child ({@code child <file>}).
     *
     * @param args none, or the child's arguments
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 1 && args[0].equals("child")) {
            child(args[1]);
            return;
        }
        try (Shmproc mp = Shmproc.open()) {
            final Pipe<Object> pipe = mp.pipe();
            final Connection<Object> parent = pipe.first();
            final Process child = ChildJvms.start(PipeSendRecvDemo.class, pipe.second(),
                mp.directory().resolve("child-end"));
            System.out.println("parent received: " + parent.recv());
            parent.send("thanks, child");
            if (!child.waitFor(20, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new IllegalStateException("the child did not finish");
            }
            System.out.println("child exited with " + child.exitValue());
        }
    }

    private static void child(final String file) throws Exception {
        try (Connection<Object> connection = ChildJvms.attach(file)) {
            connection.send(Arrays.asList(42, null, "hello"));
            System.out.println("child received: " + connection.recv());
        }
    }
}
