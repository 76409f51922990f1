package io.shmproc.tools;

import io.shmproc.Shmproc;
import java.nio.file.Path;

/** Attaches to a context, takes its lock {@code args[1]}, prints {@code locked} and waits to be killed. */
final class LockHolder {
    private LockHolder() {
    }

    public static void main(final String[] args) throws Exception {
        final Shmproc context = Shmproc.attach(Path.of(args[0]));
        context.lock(args[1]).lock();
        System.out.println("locked");
        Thread.sleep(60_000);
    }
}
