package io.shmproc;

/** A child that opens a context (which reclaims stale directories first) and closes it. */
final class OpenAndClose {
    private OpenAndClose() {
    }

    public static void main(final String[] args) {
        try (Shmproc mp = Shmproc.open()) {
            System.out.println("opened " + mp.directory());
        }
        System.out.println("closed");
    }
}
