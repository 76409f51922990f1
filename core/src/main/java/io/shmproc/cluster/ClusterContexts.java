package io.shmproc.cluster;

import io.shmproc.ConnectOptions;
import io.shmproc.Shmproc;
import io.shmproc.exceptions.ShmprocException;
import java.io.NotSerializableException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster contexts of this JVM by address, so that a handle read from a stream (a child process's task, an
 * item of a queue) reaches its cluster: through a context this JVM already has for the address, or else through
 * one it connects with the key in the environment ({@value #KEY_BASE64_VARIABLE}, which the children of a cluster
 * context get from their parent, or {@value #KEY_VARIABLE} as UTF-8). Contexts connected here are closed when the
 * JVM exits, which ends their sessions cleanly.
 */
final class ClusterContexts {
    /** The key, Base64, that a JVM reading cluster handles connects with. */
    static final String KEY_BASE64_VARIABLE = "SHMPROC_CLUSTER_KEY_BASE64";
    /** The key, as UTF-8 text (the members' variable). */
    static final String KEY_VARIABLE = ClusterMemberOptions.KEY_ENVIRONMENT_VARIABLE;

    private static final Map<String, Shmproc> BY_ADDRESS = new ConcurrentHashMap<>();
    private static final Map<ClusterOps, String> ADDRESSES = new ConcurrentHashMap<>();

    private ClusterContexts() {
    }

    static void register(final ClusterOps ops, final String address, final Shmproc context) {
        ADDRESSES.put(ops, address);
        BY_ADDRESS.putIfAbsent(address, context);
    }

    static void unregister(final ClusterOps ops, final Shmproc context) {
        final String address = ADDRESSES.remove(ops);
        if (address != null) {
            BY_ADDRESS.remove(address, context);
        }
    }

    static String addressOf(final ClusterOps ops) throws NotSerializableException {
        final String address = ADDRESSES.get(ops);
        if (address == null) {
            throw new NotSerializableException("this cluster handle's context is closed (or was never a context "
                + "made by Shmproc.connect); a handle can be sent to another process only while its context is open");
        }
        return address;
    }

    static Shmproc forAddress(final String address) {
        final Shmproc known = BY_ADDRESS.get(address);
        if (known != null) {
            return known;
        }
        synchronized (ClusterContexts.class) {
            final Shmproc again = BY_ADDRESS.get(address);
            if (again != null) {
                return again;
            }
            final Shmproc connected = Shmproc.connect(address, ConnectOptions.withKey(keyFromEnvironment(address)));
            Runtime.getRuntime().addShutdownHook(new Thread(connected::close, "shmproc-cluster-close"));
            return connected;
        }
    }

    private static byte[] keyFromEnvironment(final String address) {
        final String base64 = System.getenv(KEY_BASE64_VARIABLE);
        if (base64 != null && !base64.isEmpty()) {
            return Base64.getDecoder().decode(base64);
        }
        final String text = System.getenv(KEY_VARIABLE);
        if (text != null && !text.isEmpty()) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        throw new ShmprocException("a handle of the cluster " + address + " was received, but this JVM has no "
            + "context for it and no key to connect with: connect with Shmproc.connect first, or set "
            + KEY_VARIABLE + " (or " + KEY_BASE64_VARIABLE + ")");
    }

    /**
     * The environment a child of a cluster context needs to read its parent's handles.
     *
     * @param key the parent's key
     * @return the variables
     */
    static Map<String, String> childEnvironment(final byte[] key) {
        return Map.of(KEY_BASE64_VARIABLE, Base64.getEncoder().encodeToString(key));
    }
}
