package io.shmproc.demos.pipe;

import io.shmproc.memory.JvmFlags;
import io.shmproc.pipe.Connection;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Plain child JVMs for the pipe demos until {@code ShmProcess} carries connections itself: the parent writes
 * the serialized end to a file and starts {@code java -cp <same class path> <main> child <file>}.
 */
final class ChildJvms {
    private ChildJvms() {
    }

    static Process start(final Class<?> main, final Connection<?> end, final Path file) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(end);
        }
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(JvmFlags.ADD_EXPORTS_ARGS));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), "child",
            file.toString()));
        return new ProcessBuilder(command).inheritIO().start();
    }

    @SuppressWarnings("unchecked")
    static <T> Connection<T> attach(final String file) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Path.of(file)))) {
            return (Connection<T>) in.readObject();
        }
    }
}
