package io.shmproc.demos.sync;

import io.shmproc.memory.JvmFlags;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts plain child JVMs for the sync demos and carries shared handles to them as serialized arguments,
 * standing in for {@code ShmProcess} until that lands (each demo's child body is one static method taking the
 * handles, ready to become a lambda).
 */
final class ChildProcesses {
    private ChildProcesses() {
    }

    /**
     * Starts {@code main} in a child JVM with inherited output.
     *
     * @param main the class whose {@code main} runs in the child
     * @param args its arguments
     * @return the process
     */
    static Process start(final Class<?> main, final String... args) {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JvmFlags.ADD_EXPORTS_ARGS));
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        try {
            return new ProcessBuilder(command).inheritIO().start();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start a child JVM", e);
        }
    }

    /**
     * Waits for children, failing if one fails or hangs.
     *
     * @param children the processes
     * @throws InterruptedException when interrupted
     */
    static void joinAll(final List<Process> children) throws InterruptedException {
        for (final Process child : children) {
            if (!child.waitFor(60, TimeUnit.SECONDS)) {
                children.forEach(Process::destroyForcibly);
                throw new IllegalStateException("child " + child.pid() + " did not finish");
            }
            if (child.exitValue() != 0) {
                throw new IllegalStateException("child " + child.pid() + " exited with " + child.exitValue());
            }
        }
    }

    static String encode(final Serializable handle) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(handle);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @SuppressWarnings("unchecked")
    static <T> T decode(final String base64) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder()
            .decode(base64)))) {
            return (T) in.readObject();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
