package io.shmproc.process;

import io.shmproc.channel.ChronicleFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: the parent's own {@code java}, every option shmproc needs (Agrona's export,
 * and Chronicle Queue's options and quiet properties: {@link ChronicleFlags#CHILD_JVM_ARGS}), the group's default
 * options, the class-data sharing options, the process's extra options, the parent's class path, and
 * {@link ChildBootstrap}.
 */
final class ChildCommand {
    private ChildCommand() {
    }

    static List<String> build(final List<String> defaultOptions, final List<String> cdsOptions,
                              final List<String> extraOptions, final String name) {
        final List<String> command = new ArrayList<>(12 + defaultOptions.size() + cdsOptions.size()
            + extraOptions.size());
        command.add(javaExecutable());
        command.addAll(ChronicleFlags.CHILD_JVM_ARGS);
        command.addAll(defaultOptions);
        command.addAll(cdsOptions);
        command.addAll(extraOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(ChildBootstrap.class.getName());
        command.add(name);
        return command;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
