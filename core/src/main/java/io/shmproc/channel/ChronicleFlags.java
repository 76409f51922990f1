package io.shmproc.channel;

import io.shmproc.exceptions.MissingDependencyException;
import io.shmproc.exceptions.MissingJvmFlagException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a JVM needs before it may use Chronicle Queue (the store under {@link DurableChannel}): the library on
 * the class path, three module options, and a few system properties that keep Chronicle quiet and private.
 *
 * <p><b>Module options.</b> On Java 17 Chronicle Queue 2026.x reaches JDK internals; measured here, each of
 * {@link #CHRONICLE_ARGS} is needed: without {@code --add-opens java.base/java.lang.reflect} mapping a queue
 * file fails ({@code IllegalAccessException} on {@code FileChannelImpl.map0}), without
 * {@code --add-exports java.base/sun.nio.ch} every queue opens read-only ("Can't append to a read-only
 * chronicle"), and without {@code --add-exports java.base/jdk.internal.ref} unmapping falls back to a slower
 * cleaner with a warning. {@link #requireChronicle()} checks them and throws one {@link MissingJvmFlagException}
 * that lists exactly what to add.
 *
 * <p><b>System properties</b> ({@link #SYSTEM_PROPERTIES}), set by {@link #requireChronicle()} before the first
 * Chronicle class initialises, each only when the user has not set it: usage analytics off
 * ({@code chronicle.analytics.disable}; otherwise Chronicle may send an event to Google Analytics and keep a
 * client id in {@code ~/.chronicle.analytics.client.id}), no start-up banner, no disk-space monitor thread,
 * a write lock taken over on timeout only when its holder is dead ({@code queue.force.unlock.mode}; Chronicle's
 * default would also rob a live holder), no SLF4J "no provider" warning, and JNA's native library unpacked
 * into {@code java.io.tmpdir} instead of {@code ~/.cache/JNA}. With these, a JVM
 * using durable queues writes nothing into the home directory and opens no network connection (checked with
 * {@code strace} while writing this class, and by a test that runs a child with a fresh {@code user.home}).
 *
 * <p><b>Child JVMs.</b> {@link #CHILD_JVM_ARGS} is the complete list of JVM options shmproc passes to a child
 * JVM so that durable queues work there too: {@link #CHRONICLE_ARGS} and the system properties as {@code -D}
 * options. Every other primitive needs no JVM option.
 */
public final class ChronicleFlags {
    /** Chronicle Queue's Maven coordinates, for messages. */
    public static final String MAVEN_COORDINATES = "net.openhft:chronicle-queue:2026.4";

    /** The module options Chronicle Queue needs on Java 17, as separate command-line arguments. */
    public static final List<String> CHRONICLE_ARGS = List.of(
        "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED");

    /** The system properties set before Chronicle loads (unless already set), in order. */
    public static final Map<String, String> SYSTEM_PROPERTIES = systemProperties();

    /**
     * Every JVM option a child JVM needs to use durable queues (nothing else in shmproc needs one):
     * {@link #CHRONICLE_ARGS} and {@link #SYSTEM_PROPERTIES} as {@code -Dkey=value} (the JNA directory as the
     * child's own {@code java.io.tmpdir}, so it is left out here). Pass them before the main class.
     */
    public static final List<String> CHILD_JVM_ARGS = childJvmArgs();

    /**
     * The {@code -Dkey=value} part of {@link #CHILD_JVM_ARGS} alone, for a child whose module options come from
     * a jar manifest ({@code Add-Exports}, {@code Add-Opens}) instead of the command line.
     */
    public static final List<String> CHILD_SYSTEM_PROPERTY_ARGS = childSystemPropertyArgs();

    /** The packages to export, as a manifest's {@code Add-Exports} value (Chronicle's). */
    public static final String MANIFEST_ADD_EXPORTS = "java.base/sun.nio.ch java.base/jdk.internal.ref";

    /** The packages to open, as a manifest's {@code Add-Opens} value (Chronicle's). */
    public static final String MANIFEST_ADD_OPENS = "java.base/java.lang.reflect";

    private static final String CHRONICLE_CLASS = "net.openhft.chronicle.queue.ChronicleQueue";
    private static final String[][] MODULE_NEEDS = {
        {"opens", "java.lang.reflect"}, {"exports", "sun.nio.ch"}, {"exports", "jdk.internal.ref"}};

    private static volatile boolean ready;

    private ChronicleFlags() {
    }

    /**
     * Makes this JVM ready for Chronicle Queue, once: checks that the library is on the class path and that
     * the module options are present, then sets the quiet and private {@link #SYSTEM_PROPERTIES} that the
     * user has not set. Cheap after the first successful call.
     *
     * @throws MissingDependencyException when Chronicle Queue is not on the class path
     * @throws MissingJvmFlagException    when one of {@link #CHRONICLE_ARGS} is missing; the message lists
     *                                    every missing option
     */
    public static void requireChronicle() {
        if (ready) {
            return;
        }
        synchronized (ChronicleFlags.class) {
            if (ready) {
                return;
            }
            final Class<?> chronicle;
            try {
                chronicle = Class.forName(CHRONICLE_CLASS, false, ChronicleFlags.class.getClassLoader());
            } catch (final ClassNotFoundException | LinkageError e) {
                throw new MissingDependencyException("durable queues need Chronicle Queue on the class path, and it"
                    + " is missing (" + CHRONICLE_CLASS + " not found). shmproc-core declares it as an optional"
                    + " dependency; add " + MAVEN_COORDINATES + " to your project's dependencies.", e);
            }
            final List<String> missing = missingModuleOptions(chronicle.getModule());
            if (!missing.isEmpty()) {
                throw new MissingJvmFlagException("durable queues (Chronicle Queue) need the JVM options "
                    + String.join(" ", missing) + " and they are missing. Add all of '"
                    + String.join(" ", CHRONICLE_ARGS) + "' to the java command line (before the main class), to"
                    + " JDK_JAVA_OPTIONS or to surefire's argLine; shmproc passes them to the children it starts."
                    + " In an executable jar's manifest: 'Add-Opens: java.base/java.lang.reflect' and"
                    + " 'Add-Exports: java.base/sun.nio.ch java.base/jdk.internal.ref'.");
            }
            for (final Map.Entry<String, String> property : SYSTEM_PROPERTIES.entrySet()) {
                if (System.getProperty(property.getKey()) == null) {
                    System.setProperty(property.getKey(), property.getValue());
                }
            }
            ready = true;
        }
    }

    /**
     * The module options from {@link #CHRONICLE_ARGS} that this JVM lacks for a module.
     *
     * @param module the module Chronicle's classes are in (normally an unnamed module)
     * @return the missing options, each as {@code --add-opens java.base/pkg=TARGET}; empty when all are present
     */
    static List<String> missingModuleOptions(final Module module) {
        final Module base = Object.class.getModule();
        final String target = module.isNamed() ? module.getName() : "ALL-UNNAMED";
        final List<String> missing = new ArrayList<>();
        for (final String[] need : MODULE_NEEDS) {
            final boolean present = "opens".equals(need[0]) ? base.isOpen(need[1], module)
                : base.isExported(need[1], module);
            if (!present) {
                missing.add("--add-" + need[0] + " java.base/" + need[1] + "=" + target);
            }
        }
        return missing;
    }

    private static Map<String, String> systemProperties() {
        final Map<String, String> properties = new LinkedHashMap<>();
        properties.put("chronicle.analytics.disable", "true");
        properties.put("chronicle.announcer.disable", "true");
        properties.put("chronicle.disk.monitor.disable", "true");
        properties.put("queue.force.unlock.mode", "LOCKING_PROCESS_DEAD");
        properties.put("slf4j.internal.verbosity", "ERROR");
        properties.put("jna.tmpdir", System.getProperty("java.io.tmpdir"));
        return Collections.unmodifiableMap(properties);
    }

    private static List<String> childJvmArgs() {
        final List<String> args = new ArrayList<>(CHRONICLE_ARGS);
        args.addAll(childSystemPropertyArgs());
        return List.copyOf(args);
    }

    private static List<String> childSystemPropertyArgs() {
        final List<String> args = new ArrayList<>();
        for (final Map.Entry<String, String> property : SYSTEM_PROPERTIES.entrySet()) {
            if (!"jna.tmpdir".equals(property.getKey())) {
                args.add("-D" + property.getKey() + "=" + property.getValue());
            }
        }
        return List.copyOf(args);
    }
}
