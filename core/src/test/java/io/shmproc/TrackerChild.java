package io.shmproc;

import io.shmproc.process.ShmProcess;
import java.nio.file.Path;

/**
 * Children for {@link ContextTrackerTest}: {@code owner} opens a context with a queue and waits;
 * {@code attached DIR} attaches to it, uses the queue and waits; {@code pipe-owner} opens a context with a pipe
 * only and starts a non-daemon child of its own ({@link ShmProcess}) that holds one end of it and waits (it
 * prints {@code child pid N}). All wait until killed.
 */
final class TrackerChild {
    private TrackerChild() {
    }

    public static void main(final String[] args) throws Exception {
        if (args[0].equals("pipe-owner")) {
            final Shmproc mp = Shmproc.open();
            final io.shmproc.pipe.Pipe<Object> pipe = mp.pipe();
            final io.shmproc.pipe.Connection<Object> end = pipe.second();
            mp.process(() -> {
                try {
                    System.out.println("child " + end.recv() + " pid " + ProcessHandle.current().pid());
                    Thread.sleep(Long.MAX_VALUE);
                } catch (final Exception e) {
                    throw new IllegalStateException(e);
                }
            }).daemon(false).start();
            pipe.first().send("hello");
            System.out.println("dir " + mp.directory());
        } else if (args[0].equals("owner")) {
            final Shmproc mp = Shmproc.open();
            mp.<String>queue("q").put("hello");
            System.out.println("dir " + mp.directory());
        } else {
            final Shmproc mp = Shmproc.attach(Path.of(args[1]));
            System.out.println("attached " + mp.<String>queue("q").take());
        }
        Thread.sleep(Long.MAX_VALUE);
    }
}
