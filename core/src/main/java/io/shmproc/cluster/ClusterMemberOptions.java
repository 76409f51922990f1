package io.shmproc.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * What one {@link ClusterMember} needs: its id, every member's client endpoint, its directory, the shared key, and
 * optionally the host it binds. Fluent setters; {@link #validate()} checks everything in one place.
 *
 * <pre>{@code
 * ClusterMemberOptions options = new ClusterMemberOptions()
 *     .memberId(0)
 *     .members("localhost:20110,localhost:20120,localhost:20130")
 *     .dir(Path.of("/var/lib/shmproc/member-0"))
 *     .key(ClusterMemberOptions.keyFromFileOrEnvironment(null));
 * }</pre>
 */
public final class ClusterMemberOptions {
    /** The environment variable holding the shared key when no key file is given. */
    public static final String KEY_ENVIRONMENT_VARIABLE = "SHMPROC_CLUSTER_KEY";
    /** The fewest bytes a key may have. */
    public static final int MIN_KEY_LENGTH = 8;

    private int memberId = -1;
    private String members;
    private Path dir;
    private Path driverDir;
    private byte[] key;
    private String bindHost;

    /**
     * This member's index in {@link #members}.
     *
     * @param memberId 0 for the first listed member
     * @return these options
     */
    public ClusterMemberOptions memberId(final int memberId) {
        this.memberId = memberId;
        return this;
    }

    /**
     * Every member's client endpoint, member 0 first; the other endpoints are derived from it (port + 1 to
     * port + 4, see {@link ClusterMember}).
     *
     * @param members {@code host:port,host:port,...}
     * @return these options
     */
    public ClusterMemberOptions members(final String members) {
        this.members = members;
        return this;
    }

    /**
     * The member's own directory: its replicated log (archive) and cluster state, kept across restarts.
     *
     * @param dir the directory, created when missing
     * @return these options
     */
    public ClusterMemberOptions dir(final Path dir) {
        this.dir = dir;
        return this;
    }

    /**
     * The media driver's directory (default {@code /dev/shm/shmproc-member-<id>-<pid>}); deleted at a clean stop.
     *
     * @param driverDir the directory
     * @return these options
     */
    public ClusterMemberOptions driverDir(final Path driverDir) {
        this.driverDir = driverDir;
        return this;
    }

    /**
     * The shared key every client must present.
     *
     * @param key at least {@link #MIN_KEY_LENGTH} bytes
     * @return these options
     */
    public ClusterMemberOptions key(final byte[] key) {
        this.key = key == null ? null : key.clone();
        return this;
    }

    /**
     * The host this member binds and advertises for its own endpoints, when it should not be the host listed in
     * {@link #members} (for example the host's own address behind a name others resolve differently).
     *
     * @param bindHost a host name or address, or {@code null}
     * @return these options
     */
    public ClusterMemberOptions bindHost(final String bindHost) {
        this.bindHost = bindHost;
        return this;
    }

    int memberId() {
        return memberId;
    }

    MemberEndpoints endpoints() {
        return MemberEndpoints.parse(members);
    }

    Path dir() {
        return dir;
    }

    Path driverDir() {
        return driverDir != null ? driverDir
            : Path.of("/dev/shm", "shmproc-member-" + memberId + "-" + ProcessHandle.current().pid());
    }

    byte[] key() {
        return key.clone();
    }

    String bindHost() {
        return bindHost;
    }

    /**
     * Checks the options together.
     *
     * @return these options
     * @throws IllegalArgumentException naming the option that is missing or wrong
     */
    public ClusterMemberOptions validate() {
        final MemberEndpoints endpoints = endpoints();
        if (memberId < 0 || memberId >= endpoints.count()) {
            throw new IllegalArgumentException("memberId=" + memberId + " is not an index into the "
                + endpoints.count() + " members listed; expected 0 to " + (endpoints.count() - 1));
        }
        if (dir == null) {
            throw new IllegalArgumentException("no member directory; pass --dir D (kept across restarts)");
        }
        if (key == null || key.length < MIN_KEY_LENGTH) {
            throw new IllegalArgumentException("the shared key has " + (key == null ? "no" : key.length)
                + " bytes; give at least " + MIN_KEY_LENGTH + " with --key-file F or " + KEY_ENVIRONMENT_VARIABLE);
        }
        if ("0.0.0.0".equals(bindHost) || "::".equals(bindHost)) {
            throw new IllegalArgumentException("bindHost=" + bindHost + " is a wildcard; the bind host is also "
                + "advertised to clients and members, so give this host's reachable address");
        }
        return this;
    }

    /**
     * Reads the shared key from a file (its bytes, without a trailing line break) or, when {@code keyFile} is
     * {@code null}, from the environment variable {@value #KEY_ENVIRONMENT_VARIABLE} (UTF-8).
     *
     * @param keyFile the key file, or {@code null}
     * @return the key, or {@code null} when neither is present
     */
    public static byte[] keyFromFileOrEnvironment(final Path keyFile) {
        if (keyFile != null) {
            try {
                byte[] bytes = Files.readAllBytes(keyFile);
                int length = bytes.length;
                while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
                    length--;
                }
                bytes = Arrays.copyOf(bytes, length);
                return bytes;
            } catch (final IOException ex) {
                throw new UncheckedIOException("cannot read the key file " + keyFile, ex);
            }
        }
        final String value = System.getenv(KEY_ENVIRONMENT_VARIABLE);
        return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
    }
}
