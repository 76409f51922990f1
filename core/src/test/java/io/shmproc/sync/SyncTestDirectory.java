package io.shmproc.sync;

import io.shmproc.memory.SharedDirectory;
import java.nio.file.Path;

/** A private shared directory for one test, removed afterwards. */
final class SyncTestDirectory implements AutoCloseable {
    private final SharedDirectory directory = SharedDirectory.create(SharedDirectory.defaultBase());

    Path resolve(final String name) {
        return directory.resolve(name);
    }

    Path path() {
        return directory.path();
    }

    @Override
    public void close() {
        SharedDirectory.deleteTree(directory.path());
    }
}
