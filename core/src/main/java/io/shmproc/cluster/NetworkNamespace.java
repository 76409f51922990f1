package io.shmproc.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Linux network namespace joined to this host's namespace by a veth pair, on a /24 of its own: the host's
 * side is {@link #hostAddress()}, an address on the host's loopback device (so that processes of the host still
 * reach each other on it while the link is down), routed to from the namespace through the veth pair; the
 * namespace's side is {@link #namespaceAddress()}. {@link #linkDown()} cuts the link (a partition),
 * {@link #linkUp()} restores it; {@link #close()} removes it all. Root only.
 *
 * <p>For demos and tests that play "another host" on one machine, as {@link LocalCluster} plays a cluster: the
 * flagship demo across hosts runs its second host's members and workers in one, and the partition and pool fault
 * tests cut its link. One per JVM at a time (its names carry this JVM's pid).
 */
public final class NetworkNamespace implements AutoCloseable {
    private final String name;
    private final String hostSide;
    private final String subnet;

    private NetworkNamespace(final String name, final String hostSide, final String subnet) {
        this.name = name;
        this.hostSide = hostSide;
        this.subnet = subnet;
    }

    /**
     * Whether this process can make namespaces: it runs as root and {@code ip} is installed.
     *
     * @return {@code true} when {@link #create()} can work
     */
    public static boolean usable() {
        try {
            final boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream()
                .readAllBytes(), StandardCharsets.UTF_8).trim());
            final boolean ip = Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip"))
                || Files.isExecutable(Path.of("/usr/bin/ip")) || Files.isExecutable(Path.of("/bin/ip"));
            return root && ip;
        } catch (final IOException e) {
            return false;
        }
    }

    /**
     * Makes the namespace, the veth pair, the addresses and the routes.
     *
     * @return the namespace, its link up
     * @throws IOException          when an {@code ip} command fails (its output says why)
     * @throws InterruptedException when interrupted
     */
    public static NetworkNamespace create() throws IOException, InterruptedException {
        final long pid = ProcessHandle.current().pid();
        final String name = "shmp" + pid;
        final String host = "shv" + pid + "h";
        final String inside = "shv" + pid + "n";
        final String subnet = "10.231." + (pid % 250 + 1);
        final NetworkNamespace ns = new NetworkNamespace(name, host, subnet);
        try {
            ip("netns", "add", name);
            ip("link", "add", host, "type", "veth", "peer", "name", inside);
            ip("link", "set", inside, "netns", name);
            ip("addr", "add", ns.hostAddress() + "/32", "dev", "lo");
            ip("addr", "add", ns.subnet + ".3/24", "dev", host);
            ip("link", "set", host, "up");
            ip("netns", "exec", name, "ip", "addr", "add", ns.namespaceAddress() + "/24", "dev", inside);
            ip("netns", "exec", name, "ip", "link", "set", inside, "up");
            ip("netns", "exec", name, "ip", "link", "set", "lo", "up");
            ip("netns", "exec", name, "ip", "route", "add", ns.hostAddress() + "/32", "via", ns.subnet + ".3");
        } catch (final IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * This host's side: an address on its loopback device that the namespace routes to through the veth pair.
     *
     * @return the address
     */
    public String hostAddress() {
        return subnet + ".1";
    }

    /**
     * The namespace's side of the veth pair.
     *
     * @return the address
     */
    public String namespaceAddress() {
        return subnet + ".2";
    }

    /**
     * The command prefix that runs a program inside the namespace.
     *
     * @return {@code ip netns exec NAME}
     */
    public List<String> exec() {
        return List.of("ip", "netns", "exec", name);
    }

    /**
     * Takes the link down: a partition between this host and the namespace.
     *
     * @throws IOException          when {@code ip} fails
     * @throws InterruptedException when interrupted
     */
    public void linkDown() throws IOException, InterruptedException {
        ip("link", "set", hostSide, "down");
    }

    /**
     * Brings the link back up.
     *
     * @throws IOException          when {@code ip} fails
     * @throws InterruptedException when interrupted
     */
    public void linkUp() throws IOException, InterruptedException {
        ip("link", "set", hostSide, "up");
    }

    /** Removes the address, the veth pair and the namespace (processes still inside keep running: stop them first). */
    @Override
    public void close() {
        try {
            run(List.of("ip", "addr", "del", hostAddress() + "/32", "dev", "lo"));
            run(List.of("ip", "link", "del", hostSide));
            run(List.of("ip", "netns", "del", name));
        } catch (final IOException | InterruptedException e) {
            throw new IllegalStateException("cannot remove the network namespace " + name + ": " + e, e);
        }
    }

    private static void ip(final String... args) throws IOException, InterruptedException {
        final List<String> command = new java.util.ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        final String out = run(command);
        if (out != null) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    /** Runs a command; the output when it failed, {@code null} when it succeeded. */
    private static String run(final List<String> command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : out;
    }
}
