package io.shmproc.demos;

/** Runs the demos: no argument runs the flagship demo, {@code list} lists them, {@code run NAME} runs one. */
public final class DemoLauncher {
    private DemoLauncher() {
    }

    /**
     * Entry point.
     *
     * @param args {@code list}, {@code run NAME}, or nothing
     */
    public static void main(final String[] args) {
        System.out.println("shmproc demos: coming with the capabilities");
    }
}
