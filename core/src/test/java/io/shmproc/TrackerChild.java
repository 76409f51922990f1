package io.shmproc;

import java.nio.file.Path;

/**
 * Children for {@link ContextTrackerTest}: {@code owner} opens a context with a queue and waits;
 * {@code attached DIR} attaches to it, uses the queue and waits. Both wait until killed.
 */
final class TrackerChild {
    private TrackerChild() {
    }

    public static void main(final String[] args) throws Exception {
        if (args[0].equals("owner")) {
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
