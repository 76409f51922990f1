package io.shmproc.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the test children do, in static methods so that the tests' lambdas capture only values. */
final class ChildActions {
    private ChildActions() {
    }

    static void write(final String file, final String text) throws IOException {
        final Path path = Path.of(file);
        final Path partial = Path.of(file + ".partial");
        Files.writeString(partial, text);
        Files.move(partial, path);
    }

    static void touchAndSleep(final String file) throws IOException, InterruptedException {
        write(file, "running");
        Thread.sleep(120_000);
    }

    static void writeIdentity(final String file) throws IOException {
        final ShmProcess me = ShmProcess.current();
        final ShmProcess parent = ShmProcess.parent().orElseThrow();
        write(file, me.name() + "|" + me.pid() + "|" + parent.name() + "|" + parent.pid() + "|" + parent.isAlive());
    }

    static void startNestedChildren(final String file) throws Exception {
        final ShmProcess a = ShmProcess.of(() -> { }).start();
        final ShmProcess b = ShmProcess.of(() -> { }).start();
        a.join();
        b.join();
        if (a.exitCode().orElse(-1) != 0 || b.exitCode().orElse(-1) != 0) {
            throw new IllegalStateException("nested children failed: " + a + " " + b);
        }
        write(file, a.name() + "|" + b.name() + "|" + ShmProcess.current().name());
    }

    static void exitWithFour() {
        System.exit(4);
    }

    /** A serializable object whose bound method reference is a target. */
    static final class Writer implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String file;
        private final String text;

        Writer(final String file, final String text) {
            this.file = file;
            this.text = text;
        }

        void write() throws IOException {
            ChildActions.write(file, text);
        }
    }

    /** Writes its arguments after the first (a file name) joined by '|'. */
    public static final class WriteArgs implements ProcessTask {
        /** For the child. */
        public WriteArgs() {
        }

        @Override
        public void run(final Object... args) throws IOException {
            write((String) args[0], args[1] + "|" + args[2]);
        }
    }

    /** A task the child could not instantiate. */
    public static final class NoDefaultConstructor implements ProcessTask {
        /**
         * Not usable by the child.
         *
         * @param ignored anything
         */
        public NoDefaultConstructor(final String ignored) {
        }

        @Override
        public void run(final Object... args) {
        }
    }
}
