package io.shmproc.memory;

import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts the JVM's one background warm-up (the facade's {@code Warmup}) the first time a shared channel opens in
 * this process, unless {@value #MODE_PROPERTY}{@code =off}. The warm-up sits in the top layer (it drives queues and
 * pipes through their public API); the channels, which sit below it, reach it through a {@link Starter} service
 * the top layer provides ({@code META-INF/services}), so that no lower layer depends on an upper one.
 *
 * <p>Best effort: a warm-up that cannot start changes nothing but speed.
 */
public final class WarmupTrigger {
    /**
     * System property: {@code background} (warm up on a daemon thread at the first open of a queue or pipe) or
     * {@code off}. Default: {@code background} in a JVM the user started, {@code off} in a child JVM that shmproc
     * started (a child that should warm up gets {@code -Dshmproc.warmup=background} in its JVM options).
     */
    public static final String MODE_PROPERTY = "shmproc.warmup";
    /** The value that turns the warm-up off. */
    public static final String OFF = "off";
    /** The value that runs the warm-up on a daemon thread. */
    public static final String BACKGROUND = "background";
    private static final AtomicBoolean FIRED = new AtomicBoolean();

    private WarmupTrigger() {
    }

    /**
     * Whether the warm-up is on in this JVM ({@value #MODE_PROPERTY}).
     *
     * @return {@code false} when it was turned off
     * @throws IllegalArgumentException when the property has a value other than the two allowed
     */
    public static boolean enabled() {
        final String value = System.getProperty(MODE_PROPERTY, BACKGROUND).trim().toLowerCase(Locale.ROOT);
        if (value.equals(OFF)) {
            return false;
        }
        if (value.equals(BACKGROUND)) {
            return true;
        }
        throw new IllegalArgumentException(MODE_PROPERTY + "='" + value + "' is not a warm-up mode; expected '"
            + BACKGROUND + "' (the default) or '" + OFF + "'");
    }

    /**
     * Called when a shared channel opens: the first call in a JVM where the warm-up is on starts it in the
     * background; every other call returns at once.
     *
     * @throws IllegalArgumentException when {@value #MODE_PROPERTY} has a value other than the two allowed
     */
    public static void fire() {
        if (FIRED.get() || !enabled() || !FIRED.compareAndSet(false, true)) {
            return;
        }
        try {
            for (final Starter starter : ServiceLoader.load(Starter.class, WarmupTrigger.class.getClassLoader())) {
                starter.startInBackground();
                return;
            }
        } catch (final ServiceConfigurationError | LinkageError e) {
            // no warm-up: only the first sporadic messages are slower
        }
    }

    /** What the top layer provides: starts its warm-up on a daemon thread, once per JVM. */
    public interface Starter {
        /** Starts the warm-up unless it ran or started already; returns at once. */
        void startInBackground();
    }
}
