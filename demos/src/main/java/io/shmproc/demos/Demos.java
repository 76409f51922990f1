package io.shmproc.demos;

import io.shmproc.demos.pool.PoolApplyDemo;
import io.shmproc.demos.pool.PoolCallbackDemo;
import io.shmproc.demos.pool.PoolProgressDemo;
import io.shmproc.demos.process.JoinLoopDemo;
import io.shmproc.demos.process.ProcessIdsDemo;
import io.shmproc.demos.process.StartJoinDemo;
import io.shmproc.demos.process.TerminateDemo;
import java.util.List;

/** The catalogue of demos, one line each, grouped by capability. */
final class Demos {
    static final List<Demo> ALL = List.of(
        // processes
        new Demo("process-ids", "a child prints its pid and its parent's pid", ProcessIdsDemo.class),
        new Demo("process-start-join", "start a child that greets, then join it", StartJoinDemo.class),
        new Demo("process-terminate", "terminate() a sleeping child; isAlive(), exitCode()", TerminateDemo.class),
        new Demo("process-join-loop", "several children started, then joined in a loop", JoinLoopDemo.class),
        // messaging
        // synchronization
        // shared state
        // pool
        new Demo("pool-callback", "pool of 2: 10 applyAsync tasks, callbacks print their pid", PoolCallbackDemo.class),
        new Demo("pool-apply", "pool of 3: synchronous apply against applyAsync + get", PoolApplyDemo.class),
        new Demo("pool-progress", "pool of 4: 5 long tasks with a console progress bar", PoolProgressDemo.class),
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
