package io.shmproc.demos;

import java.util.List;

/** The catalogue of demos, one line each, grouped by capability. */
final class Demos {
    static final List<Demo> ALL = List.of(
        // processes
        // messaging
        new Demo("pipe", "Python's Pipe send/recv, both ways", io.shmproc.demos.pipe.PipeSendRecvDemo.class),
        new Demo("ping-pong", "pipe round-trip percentiles, two JVMs", io.shmproc.demos.pipe.PingPongDemo.class),
        // synchronization
        // shared state
        // pool
        new Demo(DemoLauncher.FLAGSHIP, "placeholder until the flagship pipeline lands", Placeholder.class)
    );

    private Demos() {
    }

    /** Stands in for the flagship demo until it exists. */
    static final class Placeholder {
        private Placeholder() {
        }

        /**
         * Prints a line.
         *
         * @param args ignored
         */
        public static void main(final String[] args) {
            System.out.println("shmproc: the flagship demo is not built yet");
        }
    }
}
