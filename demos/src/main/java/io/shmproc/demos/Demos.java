package io.shmproc.demos;

import java.util.List;

/** The catalogue of demos, one line each, grouped by capability. */
final class Demos {
    static final List<Demo> ALL = List.of(
        // processes
        // messaging
        // synchronization
        // shared state
        // pool
        // durable queues
        new Demo("durable-queue", "a million events survive SIGKILLs; a consumer resumes at its acknowledgement",
            io.shmproc.demos.durable.DurableQueueDemo.class),
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
