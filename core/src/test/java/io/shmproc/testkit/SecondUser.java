package io.shmproc.testkit;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, throw-away OS user for tests that play a hostile local user: created with {@code useradd} (no
 * home, no login shell) and removed with {@code userdel} on {@link #close()}. Needs root; a test that asks for
 * one is skipped, with a message saying so, when the test JVM does not run as root.
 *
 * <pre>{@code
 * try (SecondUser attacker = SecondUser.create()) {
 *     attacker.run("mkfifo /dev/shm/x");
 * }
 * }</pre>
 */
public final class SecondUser implements AutoCloseable {
    private final String name;
    private final List<Process> started = new ArrayList<>();

    private SecondUser(final String name) {
        this.name = name;
    }

    /**
     * Creates a new user, or skips the calling test when not root.
     *
     * @return the user
     */
    public static SecondUser create() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
            "skipped: creating a second OS user (useradd) needs root; run the test suite as root (CI does)");
        final String name = "shmt" + (100000 + new SecureRandom().nextInt(900000));
        final int code = exec(List.of("useradd", "-M", "-N", "-s", "/usr/sbin/nologin", name));
        Assumptions.assumeTrue(code == 0, "skipped: useradd " + name + " failed with exit code " + code);
        return new SecondUser(name);
    }

    /**
     * The user's name.
     *
     * @return the login name
     */
    public String name() {
        return name;
    }

    /**
     * The user as a file owner.
     *
     * @return the principal, for {@link Files#setOwner(Path, UserPrincipal)}
     * @throws IOException when the name cannot be looked up
     */
    public UserPrincipal principal() throws IOException {
        return FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name);
    }

    /**
     * Runs a shell command as this user and waits for it.
     *
     * @param script a {@code sh -c} script
     * @return its exit code
     */
    public int run(final String script) {
        return exec(List.of("runuser", "-u", name, "--", "sh", "-c", script));
    }

    /**
     * Starts a shell command as this user without waiting; it is killed on {@link #close()} if still running.
     *
     * @param script a {@code sh -c} script
     * @return the process ({@code runuser}, whose child runs the script)
     */
    public Process start(final String script) {
        try {
            final Process process = new ProcessBuilder("runuser", "-u", name, "--", "sh", "-c", script)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            started.add(process);
            return process;
        } catch (final IOException e) {
            throw new IllegalStateException("cannot run as " + name + ": " + e, e);
        }
    }

    /** Kills what this user still runs for the test (by process id), then removes the user. */
    @Override
    public void close() {
        for (final Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        exec(List.of("userdel", name));
    }

    private static int exec(final List<String> command) {
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (final IOException e) {
            return -1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
