package io.shmproc.memory;

import java.nio.file.Path;

/** Child JVM main: claims a liveness slot, prints its token, and lives until killed. */
public final class LivenessChild {
    private LivenessChild() {
    }

    /**
     * Entry point.
     *
     * @param args the directory
     * @throws InterruptedException never in practice
     */
    public static void main(final String[] args) throws InterruptedException {
        System.out.println("token " + LivenessTable.forDirectory(Path.of(args[0])).selfToken());
        Thread.sleep(60_000);
    }
}
