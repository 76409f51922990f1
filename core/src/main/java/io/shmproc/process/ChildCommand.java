package io.shmproc.process;

import io.shmproc.channel.ChronicleFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: the parent's own {@code java}, the options every shmproc primitive needs
 * ({@link ChronicleFlags#CHILD_JVM_ARGS}: Agrona's flag, and Chronicle Queue's module options and quiet
 * properties so a child may open durable queues), the group's default options, the class-data sharing options,
 * the process's extra options, the parent's class path, and {@link ChildBootstrap}.
 */
final class ChildCommand {
    private ChildCommand() {
    }

    static List<String> build(final List<String> defaultOptions, final List<String> cdsOptions,
                              final List<String> extraOptions, final String name) {
        final List<String> command = new ArrayList<>(5 + ChronicleFlags.CHILD_JVM_ARGS.size() + defaultOptions.size()
            + cdsOptions.size() + extraOptions.size());
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
