package io.shmproc.memory;

import io.shmproc.exceptions.MissingJvmFlagException;

/**
 * The JVM options shmproc needs, and the check that turns their absence into one clear exception.
 *
 * <p>Agrona 2.x, which shmproc uses for every mapped buffer, reaches {@code jdk.internal.misc.Unsafe}; a JVM
 * started without {@link #ADD_EXPORTS} would fail deep inside Agrona with an {@code IllegalAccessError}.
 * Every child JVM shmproc starts gets the option automatically, and the demo and benchmark jars carry it in
 * their manifest ({@code Add-Exports: java.base/jdk.internal.misc}).
 */
public final class JvmFlags {
    /** The option, as one command-line argument pair. */
    public static final String ADD_EXPORTS = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";
    /** The option split into its two command-line arguments. */
    public static final String[] ADD_EXPORTS_ARGS = {"--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"};

    private static volatile boolean checked;

    private JvmFlags() {
    }

    /**
     * Throws a {@link MissingJvmFlagException} naming the exact option unless this JVM exports
     * {@code jdk.internal.misc} to shmproc. Cheap after the first call.
     *
     * @throws MissingJvmFlagException when the option is missing
     */
    public static void requireUnsafeAccess() {
        if (checked) {
            return;
        }
        final Module shmproc = JvmFlags.class.getModule();
        if (!Object.class.getModule().isExported("jdk.internal.misc", shmproc)) {
            final String target = shmproc.isNamed() ? shmproc.getName() : "ALL-UNNAMED";
            throw new MissingJvmFlagException("shmproc needs the JVM option '--add-exports java.base/jdk.internal.misc="
                + target + "' (Agrona's mapped buffers use jdk.internal.misc.Unsafe). Add it to the java command line,"
                + " to JDK_JAVA_OPTIONS, to surefire's argLine, or as 'Add-Exports: java.base/jdk.internal.misc' in"
                + " the manifest of an executable jar.");
        }
        checked = true;
    }
}
