package io.shmproc.demos;

import io.shmproc.demos.sync.HelloWorldLockDemo;
import io.shmproc.demos.sync.SharedCountdownDemo;
import java.util.List;

/** The catalogue of demos, one line each, grouped by capability. */
final class Demos {
    static final List<Demo> ALL = List.of(
        // processes
        // messaging
        // synchronization
        new Demo("sync-hello-lock", "10 processes print 'hello world N' under a Lock", HelloWorldLockDemo.class),
        new Demo("sync-countdown", "100 processes count 100 down to 0 under a Lock", SharedCountdownDemo.class),
        // shared state
        new Demo("state-manager", "five processes fill a shared dict and list (Python's Manager guide)",
            io.shmproc.demos.state.ManagerDictListDemo.class),
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
