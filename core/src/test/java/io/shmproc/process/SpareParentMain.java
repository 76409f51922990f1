package io.shmproc.process;

/**
 * A parent JVM for the spare parent-death test: with one spare per kind, starts a child, waits until the spare that
 * boots after it is ready, prints {@code spare <pid>} and sleeps until it is killed.
 */
public final class SpareParentMain {
    private SpareParentMain() {
    }

    /**
     * Entry point.
     *
     * @param args none
     * @throws Exception never in practice
     */
    public static void main(final String[] args) throws Exception {
        System.setProperty(Spares.COUNT_PROPERTY, "1");
        ShmProcess.of(() -> { }).start().join();
        if (!Spares.awaitReady(1, 60_000)) {
            System.out.println("no spare");
        }
        System.out.println("spare " + Spares.pids().get(0));
        Thread.sleep(120_000);
    }
}
