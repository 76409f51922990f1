package io.shmproc.process;

import io.shmproc.channel.ChronicleFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a child JVM: the parent's own {@code java}, Chronicle Queue's quiet system properties, the
 * group's default options, the class-data sharing options, the process's extra options, then {@code -jar} and
 * the {@link LauncherJar} (which carries the class path, {@link ChildBootstrap} as main class, and the module
 * exports and opens of Agrona and Chronicle Queue in its manifest) — or, where no launcher jar can be had,
 * {@link ChronicleFlags#CHILD_JVM_ARGS} and {@code -cp <class path> io.shmproc.process.ChildBootstrap}.
 */
final class ChildCommand {
    /**
     * Lets a child on Java 24 or later use {@code sun.misc.Unsafe} quietly: Kryo, behind the default object codec,
     * uses it, and those runtimes otherwise print a deprecation warning into every child's stderr. (The option does
     * not exist before Java 23.)
     */
    static final String UNSAFE_ALLOW = "--sun-misc-unsafe-memory-access=allow";
    private static final int UNSAFE_WARNING_FEATURE = 24;

    private ChildCommand() {
    }

    static List<String> build(final List<String> defaultOptions, final List<String> cdsOptions,
                              final List<String> extraOptions, final String name) {
        final List<String> command = new ArrayList<>(12 + defaultOptions.size() + cdsOptions.size()
            + extraOptions.size());
        final Path launcher = LauncherJar.forThisJvm();
        command.add(javaExecutable());
        if (launcher == null) {
            command.addAll(ChronicleFlags.CHILD_JVM_ARGS);
        } else {
            command.addAll(ChronicleFlags.CHILD_SYSTEM_PROPERTY_ARGS);
        }
        if (Runtime.version().feature() >= UNSAFE_WARNING_FEATURE) {
            command.add(UNSAFE_ALLOW);
        }
        command.addAll(defaultOptions);
        command.addAll(cdsOptions);
        command.addAll(extraOptions);
        if (launcher == null) {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(ChildBootstrap.class.getName());
        } else {
            command.add("-jar");
            command.add(launcher.toString());
        }
        command.add(name);
        return command;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
