package io.shmproc.cluster;

import io.shmproc.exceptions.MissingJvmFlagException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;

/**
 * Makes sure Agrona 2.x (under every Aeron class) can link against {@code jdk.internal.misc.Unsafe}, which needs
 * {@value #FLAG} on Java 17 and later: Aeron's buffers, counters and queues are Agrona's {@code UnsafeBuffer} and
 * friends, so every JVM that runs an Aeron client, driver or cluster member needs it, unlike shmproc's local
 * backend.
 *
 * <p>When the flag is absent, {@link #ensureExported()} exports the package to the unnamed modules at run time
 * (through the JDK's internal {@code Module.implAddExportsToAllUnnamed}, reached with {@code sun.misc.Unsafe}), so
 * a cluster client needs no flag on Java 17 to 23; Java 24 and later print the JDK's warning for
 * {@code sun.misc.Unsafe} unless {@code --sun-misc-unsafe-memory-access=allow}. Set the system property
 * {@value #SELF_EXPORT_PROPERTY}{@code =false} to forbid this; then a missing flag is a
 * {@link MissingJvmFlagException} that names it.
 */
final class JdkInternalMisc {
    /** The JVM option Agrona 2.x needs. */
    static final String FLAG = "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED";
    /** System property: {@code false} forbids exporting the package at run time. */
    static final String SELF_EXPORT_PROPERTY = "shmproc.cluster.selfExport";

    private static final String PACKAGE = "jdk.internal.misc";
    private static volatile boolean exported;

    private JdkInternalMisc() {
    }

    /** @return whether {@code jdk.internal.misc} is exported to this class's module */
    static boolean isExported() {
        return Object.class.getModule().isExported(PACKAGE, JdkInternalMisc.class.getModule());
    }

    /**
     * Ensures the export, once per JVM.
     *
     * @throws MissingJvmFlagException when the package is not exported and cannot be exported at run time
     */
    static void ensureExported() {
        if (exported || isExported()) {
            exported = true;
            return;
        }
        synchronized (JdkInternalMisc.class) {
            if (isExported()) {
                exported = true;
                return;
            }
            if (!Boolean.parseBoolean(System.getProperty(SELF_EXPORT_PROPERTY, "true"))) {
                throw new MissingJvmFlagException("the cluster backend (Aeron over Agrona 2.x) needs the JVM option "
                    + FLAG + "; add it to the java command line (" + SELF_EXPORT_PROPERTY + "=false forbids "
                    + "shmproc to export the package itself)");
            }
            try {
                final Field theUnsafe = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
                theUnsafe.setAccessible(true);
                final sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
                final Field implLookup = MethodHandles.Lookup.class.getDeclaredField("IMPL_LOOKUP");
                @SuppressWarnings("deprecation")
                final Object base = unsafe.staticFieldBase(implLookup);
                @SuppressWarnings("deprecation")
                final long offset = unsafe.staticFieldOffset(implLookup);
                final MethodHandles.Lookup lookup = (MethodHandles.Lookup) unsafe.getObject(base, offset);
                final MethodHandle export = lookup.findVirtual(Module.class, "implAddExportsToAllUnnamed",
                    MethodType.methodType(void.class, String.class));
                export.invoke(Object.class.getModule(), PACKAGE);
            } catch (final Throwable ex) {
                throw new MissingJvmFlagException("the cluster backend (Aeron over Agrona 2.x) needs the JVM option "
                    + FLAG + " and this JVM refused to export the package at run time (" + ex
                    + "); add the option to the java command line", ex);
            }
            if (!isExported()) {
                throw new MissingJvmFlagException("the cluster backend needs the JVM option " + FLAG);
            }
            exported = true;
        }
    }
}
