package io.shmproc;

import io.shmproc.memory.SharedDirectory;
import io.shmproc.process.ProcessGroup;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The options of a {@link Shmproc} context: a small mutable builder whose defaults are validated in one place.
 *
 * <p>Every option has a system property beside its default; a property set on the command line overrides
 * the default, and a setter overrides both.
 *
 * <table>
 *   <caption>Options</caption>
 *   <tr><th>option</th><th>system property</th><th>default</th></tr>
 *   <tr><td>{@link #baseDirectory(Path)}</td><td>{@value #BASE_DIRECTORY_PROPERTY}</td>
 *       <td>{@code /dev/shm}, or the temp dir where it is missing</td></tr>
 *   <tr><td>{@link #childJvmOptions(List)}</td><td>{@value #CHILD_JVM_OPTIONS_PROPERTY}</td>
 *       <td>{@value #DEFAULT_CHILD_JVM_OPTIONS}</td></tr>
 * </table>
 */
public final class ShmprocOptions {
    /** System property of {@link #baseDirectory(Path)}. */
    public static final String BASE_DIRECTORY_PROPERTY = SharedDirectory.BASE_DIRECTORY_PROPERTY;
    /** System property of {@link #childJvmOptions(List)}: options separated by spaces. */
    public static final String CHILD_JVM_OPTIONS_PROPERTY = "shmproc.child.jvmOptions";
    /** Default child JVM options: quick start for short-lived children. */
    public static final String DEFAULT_CHILD_JVM_OPTIONS = ProcessGroup.DEFAULT_JVM_OPTIONS;

    private Path baseDirectory;
    private List<String> childJvmOptions;

    private ShmprocOptions() {
        baseDirectory = SharedDirectory.configuredBase();
        childJvmOptions = split(System.getProperty(CHILD_JVM_OPTIONS_PROPERTY, DEFAULT_CHILD_JVM_OPTIONS));
    }

    /**
     * The defaults, with system properties applied.
     *
     * @return new options
     */
    public static ShmprocOptions defaults() {
        return new ShmprocOptions();
    }

    /**
     * Where context directories are created.
     *
     * @param directory an existing, writable directory
     * @return these options
     */
    public ShmprocOptions baseDirectory(final Path directory) {
        this.baseDirectory = Objects.requireNonNull(directory, "baseDirectory");
        return this;
    }

    /**
     * Extra JVM options for every child JVM this context starts (shmproc's own required flags are always added).
     *
     * @param options JVM options such as {@code -Xmx256m}
     * @return these options
     */
    public ShmprocOptions childJvmOptions(final List<String> options) {
        this.childJvmOptions = List.copyOf(options);
        return this;
    }

    /**
     * The base directory.
     *
     * @return where context directories are created
     */
    public Path baseDirectory() {
        return baseDirectory;
    }

    /**
     * The child JVM options.
     *
     * @return an unmodifiable list
     */
    public List<String> childJvmOptions() {
        return childJvmOptions;
    }

    private static List<String> split(final String value) {
        return value.isBlank() ? List.of() : List.copyOf(new ArrayList<>(Arrays.asList(value.trim().split("\\s+"))));
    }

    @Override
    public String toString() {
        return "ShmprocOptions[baseDirectory=" + baseDirectory + ", childJvmOptions=" + childJvmOptions + "]";
    }
}
