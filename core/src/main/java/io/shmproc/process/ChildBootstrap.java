package io.shmproc.process;

import io.shmproc.memory.KernelWakeup;
import io.shmproc.memory.WarmupTrigger;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The main class of every child JVM that {@link ShmProcess#start()} launches: reads the launch spec from stdin,
 * arranges the exit record and, for a daemon child, the parent-death watch, then runs the target.
 *
 * <p>Not for use by hand: started any other way it exits with status {@value #BAD_LAUNCH_STATUS}. A warm spare
 * (arguments {@value Spares#SPARE_FLAG} and a file) first loads and warms what children need, creates the file,
 * then waits for its spec like any child; it exits with status 0, silently, when stdin ends before a spec came.
 *
 * <p><b>Exit status.</b> 0 after the target returns (once the child's non-daemon threads have ended, as the JVM
 * always waits for them); 1 after the target throws, with the stack trace on stderr under a line
 * {@code Process <name>:} as Python prints it; whatever the target passes to {@code System.exit}. A daemon child
 * whose parent is gone exits with status {@value #ORPHANED_STATUS}, running its shutdown hooks for at most
 * {@value #ORPHAN_GRACE_MILLIS} ms.
 */
public final class ChildBootstrap {
    /** The status of a child started without a valid launch spec, or whose parent died before sending one. */
    public static final int BAD_LAUNCH_STATUS = 2;
    /** The status of a daemon child that exits because its parent is gone. */
    public static final int ORPHANED_STATUS = 1;
    /** How long an orphaned daemon child runs its shutdown hooks before it halts. */
    public static final long ORPHAN_GRACE_MILLIS = 2_000;

    private static final String[] SIGNAL_THREADS = {"SIGTERM handler", "SIGINT handler", "SIGHUP handler"};
    private static final int[] SIGNAL_NUMBERS = {15, 2, 1};

    private ChildBootstrap() {
    }

    /**
     * Entry point of the child JVM.
     *
     * @param args the child's name for {@code ps}, ignored; or {@value Spares#SPARE_FLAG} and the ready file
     */
    public static void main(final String[] args) {
        if (System.getProperty(WarmupTrigger.MODE_PROPERTY) == null) {
            // a child is often short-lived: it warms up only when its JVM options ask for it
            System.setProperty(WarmupTrigger.MODE_PROPERTY, WarmupTrigger.OFF);
        }
        final boolean spare = args.length == 2 && Spares.SPARE_FLAG.equals(args[0]);
        if (spare) {
            SpareWarmup.run();
            SpareWarmup.markReady(args[1]);
        } else {
            // a cold child: the wake-up's sockets load on the other core while this thread decodes its target
            final Thread prepare = new Thread(new KernelWakeup.Preparation(), "shmproc-wakeup-prepare");
            prepare.setDaemon(true);
            prepare.start();
        }
        final InputStream stdin = new BufferedInputStream(new FileInputStream(FileDescriptor.in), 4096);
        final LaunchSpec spec;
        try {
            spec = LaunchSpec.readFrom(stdin);
        } catch (final EOFException e) {
            if (spare) {
                // the parent stopped this spare, or died, before it needed it
                System.exit(0);
                return;
            }
            System.err.println("shmproc child: the parent closed stdin before sending the launch spec; exiting");
            System.exit(BAD_LAUNCH_STATUS);
            return;
        } catch (final IOException | RuntimeException e) {
            System.err.println("shmproc child: cannot read the launch spec: " + e);
            System.exit(BAD_LAUNCH_STATUS);
            return;
        }
        System.setIn(new ByteArrayInputStream(new byte[0]));
        if (!spec.classPath.isEmpty()) {
            System.setProperty("java.class.path", spec.classPath);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(new ExitRecorder(spec.exitRecordFile), "shmproc-exit-record"));
        if (Boolean.getBoolean(ClassDataSharing.DUMPING_MARKER)) {
            Runtime.getRuntime().addShutdownHook(new Thread(new ArchiveWarmup(), "shmproc-cds-warmup"));
        }
        ShmProcess.installCurrent(spec);
        if (spec.daemon) {
            watchParent(stdin);
        }
        final SerializableRunnable target;
        try {
            target = TargetCodec.decode(spec.target);
        } catch (final Exception | LinkageError e) {
            fail(spec.name, new IllegalStateException("cannot deserialize the target sent by the parent", e));
            return;
        }
        try {
            target.run();
        } catch (final Throwable e) {
            fail(spec.name, e);
        }
    }

    /** The shutdown hook that writes the exit record (a class, not a lambda: a fresh JVM spins lambdas slowly). */
    private static final class ExitRecorder implements Runnable {
        private final String file;

        ExitRecorder(final String file) {
            this.file = file;
        }

        @Override
        public void run() {
            ExitStatus.write(file, exitRecord());
        }
    }

    /**
     * In the child that dumps the class-data archive: loads the classes of a child's usual first message before the
     * JVM writes the archive at exit, so that later cold children map them instead of parsing and verifying them.
     */
    private static final class ArchiveWarmup implements Runnable {
        @Override
        public void run() {
            SpareWarmup.runForArchive();
        }
    }

    /** Reads stdin until end-of-file, then makes a daemon child exit. */
    private static final class ParentWatch implements Runnable {
        private final InputStream stdin;

        ParentWatch(final InputStream stdin) {
            this.stdin = stdin;
        }

        @Override
        public void run() {
            final byte[] sink = new byte[64];
            try {
                while (stdin.read(sink) >= 0) {
                    // the parent sends nothing after the spec; keep waiting for end-of-file
                }
            } catch (final IOException e) {
                // a broken pipe also means the parent is gone
            }
            final Thread halter = new Thread(new Halter(), "shmproc-orphan-halt");
            halter.setDaemon(true);
            halter.start();
            System.exit(ORPHANED_STATUS);
        }
    }

    /** Halts the JVM if its shutdown hooks take longer than the grace period. */
    private static final class Halter implements Runnable {
        @Override
        public void run() {
            try {
                Thread.sleep(ORPHAN_GRACE_MILLIS);
            } catch (final InterruptedException ignored) {
                // halt now
            }
            Runtime.getRuntime().halt(ORPHANED_STATUS);
        }
    }

    private static void fail(final String name, final Throwable e) {
        System.err.println("Process " + name + ":");
        e.printStackTrace();
        System.err.flush();
        System.exit(1);
    }

    /**
     * The exit record, from the shutdown hook: {@code signal N} when the JVM is shutting down because of a
     * signal (its signal-handler thread is waiting for the hooks), otherwise {@code exit}.
     */
    private static String exitRecord() {
        for (final Thread thread : Thread.getAllStackTraces().keySet()) {
            for (int i = 0; i < SIGNAL_THREADS.length; i++) {
                if (SIGNAL_THREADS[i].equals(thread.getName())) {
                    return ExitStatus.SIGNAL_PREFIX + SIGNAL_NUMBERS[i];
                }
            }
        }
        return ExitStatus.ORDERLY;
    }

    /**
     * Reads stdin until end-of-file, which comes exactly when the parent has exited (it never closes the pipe
     * while it runs), then exits.
     */
    private static void watchParent(final InputStream stdin) {
        final Thread watcher = new Thread(new ParentWatch(stdin), "shmproc-parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }

}
