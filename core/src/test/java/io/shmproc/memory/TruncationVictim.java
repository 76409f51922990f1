package io.shmproc.memory;

import io.shmproc.Shmproc;
import io.shmproc.ShmprocOptions;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.pipe.Pipe;
import io.shmproc.queue.SharedQueue;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedLong;
import io.shmproc.sync.Event;
import io.shmproc.sync.Lock;
import io.shmproc.sync.Semaphore;
import java.nio.file.Path;

/**
 * A child JVM whose shared files another process truncates while it loops over one primitive's write path:
 * prints {@code ready <context dir>}, then loops until the operation fails; exits 0 after printing
 * {@code corrupt <message>} when the failure is a {@link CorruptRegionException}, or {@code internal <message>}
 * for the JVM's own asynchronous {@code InternalError} of an unsafe access; 3 for any other exception,
 * 2 when nothing failed within 60 s. A {@code SIGBUS} would end it with 134 and an {@code hs_err} report.
 */
final class TruncationVictim {
    private TruncationVictim() {
    }

    /** Steps run before the files are truncated, by default: enough for HotSpot to compile the path. */
    static final int WARM_UP = 20_000;

    /** One step of a primitive's write path. */
    private interface Step {
        void run(int i) throws Exception;
    }

    public static void main(final String[] args) throws Exception {
        final String kind = args[0];
        final Shmproc mp = Shmproc.open(ShmprocOptions.defaults().baseDirectory(Path.of(args[1])));
        final Step step = step(mp, kind);
        Throwable failure = null;
        try {
            failure = loop(mp, step, args);
        } catch (final InternalError late) {
            failure = late; // delivered while the loop was already handing back its failure
        }
        while (true) {
            try {
                finish(failure);
            } catch (final InternalError late) {
                // HotSpot delivers a pending fault asynchronously, here too: keep the first failure, report again
                if (failure == null) {
                    failure = late;
                }
            }
        }
    }

    /** Runs the warm-up and the loop; returns what ended it ({@code null} when nothing failed within 60 s). */
    private static Throwable loop(final Shmproc mp, final Step step, final String[] args) {
        try {
            final int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : WARM_UP;
            for (int i = 0; i < warmUp; i++) {
                step.run(i);
            }
            System.out.println("ready " + mp.directory());
            System.out.flush();
            final long deadline = System.nanoTime() + 60_000_000_000L;
            for (int i = 0; System.nanoTime() < deadline; i++) {
                step.run(i);
            }
            return null;
        } catch (final Throwable e) {
            return e;
        }
    }

    /** Reports how the loop ended and halts. */
    private static void finish(final Throwable failure) {
        if (failure == null) {
            report("nothing failed", 2);
        } else if (failure instanceof CorruptRegionException) {
            report("corrupt " + failure.getMessage(), 0);
        } else if (failure instanceof InternalError) {
            // compiled code on Java 17: HotSpot delivers the fault as this asynchronous error at the thread's next
            // transition into the VM, which may lie outside shmproc's frames; the JVM lives all the same
            final String message = failure.getMessage();
            report("internal " + message, message != null && message.contains("unsafe memory") ? 0 : 3);
        } else {
            report("other " + failure, 3);
        }
    }

    /** Prints one line and halts; a fault still pending may be delivered while printing, so retry once. */
    private static void report(final String line, final int status) {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                System.out.println(line.replace('\n', ' '));
                System.out.flush();
                break;
            } catch (final InternalError late) {
                // a second pending fault: print again
            }
        }
        Runtime.getRuntime().halt(status);
    }

    private static Step step(final Shmproc mp, final String kind) {
        switch (kind) {
            case "sharedLong": {
                final SharedLong counter = mp.sharedLong("counter", 0);
                return i -> counter.incrementAndGet();
            }
            case "lock": {
                final Lock lock = mp.lock("lock");
                return i -> {
                    lock.lock();
                    lock.unlock();
                };
            }
            case "lockAfterCounter": {
                // a JVM that ran one read-modify-write (the counter's add) long enough to compile it, then calls
                // another (the lock's compare-and-set) for the first times: that one still runs interpreted
                final SharedLong counter = mp.sharedLong("counter", 0);
                for (int i = 0; i < 3 * MappedBuffer.EARLY_CHECKS; i++) {
                    counter.incrementAndGet();
                }
                final Lock lock = mp.lock("lock");
                return i -> {
                    lock.lock();
                    lock.unlock();
                };
            }
            case "dict": {
                final SharedDict<String, Integer> dict = mp.dict("dict");
                return i -> dict.put("k" + (i & 63), i);
            }
            case "queue": {
                final SharedQueue<Integer> queue = mp.queue("queue");
                return i -> {
                    queue.offer(i);
                    queue.poll();
                };
            }
            case "pipe": {
                final Pipe<Object> pipe = mp.pipe();
                return i -> {
                    pipe.first().send(i);
                    pipe.second().recv();
                };
            }
            case "semaphore": {
                final Semaphore semaphore = mp.semaphore("semaphore", 1);
                return i -> {
                    semaphore.acquire();
                    semaphore.release();
                };
            }
            case "event": {
                final Event event = mp.event("event");
                return i -> {
                    event.set();
                    event.clear();
                };
            }
            default:
                throw new IllegalArgumentException("kind=" + kind);
        }
    }
}
