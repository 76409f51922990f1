package io.shmproc.benchmarks.process;

/** The bare JVM start that {@link ProcessStartHarness} compares a child start with: prints one line. */
public final class BareHello {
    private BareHello() {
    }

    /**
     * Prints {@code hello}.
     *
     * @param args ignored
     */
    public static void main(final String[] args) {
        System.out.println("hello");
    }
}
