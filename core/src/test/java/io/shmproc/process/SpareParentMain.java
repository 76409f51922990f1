package io.shmproc.process;

/**
 * A parent JVM for the spare parent-death tests: with one spare per kind, starts a child, waits until the spare
 * that boots after it is ready, prints {@code spare <pid>}; with an argument ({@code daemon} or {@code nondaemon})
 * it then starts a sleeping child of that kind on the spare and prints {@code child <pid>}. Then it sleeps until
 * it is killed.
 */
public final class SpareParentMain {
    private SpareParentMain() {
    }

    /**
     * Entry point.
     *
     * @param args none, or {@code daemon} / {@code nondaemon}
     * @throws Exception never in practice
     */
    public static void main(final String[] args) throws Exception {
        System.setProperty(Spares.COUNT_PROPERTY, "1");
        ShmProcess.of(() -> { }).start().join();
        if (!Spares.awaitReady(1, 60_000)) {
            System.out.println("no spare");
        }
        System.out.println("spare " + Spares.pids().get(0));
        if (args.length > 0) {
            final ShmProcess child = ShmProcess.of(() -> Thread.sleep(120_000))
                .daemon(args[0].equals("daemon"))
                .start();
            System.out.println("child " + child.pid());
        }
        Thread.sleep(120_000);
    }
}
