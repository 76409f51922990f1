package io.shmproc.demos;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the demos: no argument runs the flagship demo, {@code list} lists them, {@code run NAME [ARGS]} runs one;
 * {@code member ARGS} runs a member of an Aeron Cluster for {@code Shmproc.connect} (the jar carries Aeron);
 * {@code worker ARGS} keeps pool workers on this host for a pool on a cluster context.
 *
 * <pre>
 * java -jar demos/target/shmproc-demos.jar            # the flagship demo
 * java -jar demos/target/shmproc-demos.jar list
 * java -jar demos/target/shmproc-demos.jar run NAME
 * java -jar demos/target/shmproc-demos.jar member --id N --members host:port,...   # a cluster member
 * java -jar demos/target/shmproc-demos.jar worker --connect aeron-cluster://host:port,... [--pool NAME]
 *     [--processes N]                                                               # pool workers
 * </pre>
 */
public final class DemoLauncher {
    /** The demo run when no argument is given. */
    static final String FLAGSHIP = "flagship";

    private DemoLauncher() {
    }

    /**
     * Entry point.
     *
     * @param args {@code list}, {@code run NAME [ARGS...]}, or nothing
     * @throws Exception whatever the demo throws
     */
    public static void main(final String[] args) throws Exception {
        if (args.length == 0) {
            run(FLAGSHIP, new String[0]);
        } else if (args[0].equals("list")) {
            for (final Demo demo : Demos.ALL) {
                System.out.printf("%-28s %s%n", demo.name(), demo.description());
            }
        } else if (args[0].equals("member")) {
            io.shmproc.cluster.ClusterMember.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args[0].equals("worker")) {
            io.shmproc.cluster.ClusterWorker.main(Arrays.copyOfRange(args, 1, args.length));
        } else if (args[0].equals("run") && args.length >= 2) {
            run(args[1], Arrays.copyOfRange(args, 2, args.length));
        } else {
            System.err.println("usage: java -jar shmproc-demos.jar [list | run NAME [ARGS...]"
                + " | member --id N --members host:port,... [--dir D]"
                + " | worker --connect aeron-cluster://host:port,... [--pool NAME] [--processes N]]");
            System.exit(2);
        }
    }

    private static void run(final String name, final String[] args) throws Exception {
        final Demo demo = find(name, Demos.ALL);
        final Method main = demo.mainClass().getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) args);
        } catch (final InvocationTargetException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    static Demo find(final String name, final List<Demo> demos) {
        for (final Demo demo : demos) {
            if (demo.name().equals(name)) {
                return demo;
            }
        }
        System.err.println("no demo named '" + name + "'; 'list' shows them");
        System.exit(2);
        throw new IllegalStateException();
    }
}
