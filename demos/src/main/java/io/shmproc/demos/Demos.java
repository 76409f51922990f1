package io.shmproc.demos;

import io.shmproc.demos.queue.CooksAndEatersDemo;
import io.shmproc.demos.queue.QueueWriterReaderDemo;
import java.util.List;

/** The catalogue of demos, one line each, grouped by capability. */
final class Demos {
    static final List<Demo> ALL = List.of(
        // processes
        // messaging
        new Demo("queue-writer-reader", "writer and reader processes over a Queue", QueueWriterReaderDemo.class),
        new Demo("joinable-cooks-eaters", "cooks, daemon eaters, JoinableQueue join()", CooksAndEatersDemo.class),
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
