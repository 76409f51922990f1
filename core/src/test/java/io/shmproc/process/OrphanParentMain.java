package io.shmproc.process;

/**
 * A parent JVM for the parent-death tests: starts one sleeping child ({@code daemon} or {@code nondaemon}), prints
 * {@code child <pid>} and sleeps until it is killed.
 */
public final class OrphanParentMain {
    private OrphanParentMain() {
    }

    /**
     * Entry point.
     *
     * @param args {@code daemon} or {@code nondaemon}
     * @throws Exception never in practice
     */
    public static void main(final String[] args) throws Exception {
        final ShmProcess child = ShmProcess.of(() -> Thread.sleep(120_000))
            .daemon(args[0].equals("daemon"))
            .start();
        System.out.println("child " + child.pid());
        Thread.sleep(120_000);
    }
}
