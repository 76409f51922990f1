package io.shmproc.benchmarks.peers;

import io.shmproc.benchmarks.report.Figure;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The socket peers of the pipe scenarios, between two JVMs: a Unix domain socket and TCP over loopback.
 *
 * <p>Throughput: the producer JVM sends each fixed-size message with its own {@code write} (a message
 * transport's semantics: every message leaves when it is sent, as with Python's {@code Connection.send_bytes});
 * the consumer JVM reads with a 64 KiB buffer and times the messages it received. Round trip: 32-byte
 * ping-pong with TCP_NODELAY, each trip recorded in an HdrHistogram.
 *
 * <pre>
 * java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.shmproc.benchmarks.peers.SocketPeersHarness [--quick]
 * </pre>
 * Prints {@link Figure} lines for {@code pipe-tput-32}, {@code pipe-tput-256} and {@code pipe-rtt-32}.
 */
public final class SocketPeersHarness {
    private static final int BATCH = 64 * 1024;

    private SocketPeersHarness() {
    }

    /**
     * Entry point: the parent runs the consumer / ponger side and starts the producer / pinger JVM.
     *
     * @param args {@code [--quick]}, or the child's role arguments
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("child")) {
            child(args[1], args[2], args[3], Long.parseLong(args[4]), Integer.parseInt(args[5]));
            return;
        }
        final boolean quick = args.length > 0 && args[0].equals("--quick");
        final int trips = quick ? 20_000 : 100_000;
        for (final String transport : new String[] {"unix-socket", "tcp-loopback"}) {
            // about 5 s per throughput figure: TCP loopback moves a fifth of what a Unix socket does
            final long perSecond = transport.equals("tcp-loopback") ? 200_000 : 1_000_000;
            final long messages = perSecond * (quick ? 1 : 5);
            for (final int size : new int[] {32, 256}) {
                final double rate = throughput(transport, size, messages);
                new Figure("pipe-tput-" + size, transport, "msgs_per_s", rate, "msgs/s").print();
            }
            final Histogram histogram = roundTrips(transport, trips);
            for (final double[] p : new double[][] {{50, 0}, {90, 0}, {99, 0}, {99.9, 0}}) {
                final String metric = p[0] == 99.9 ? "p999_ns" : "p" + (int) p[0] + "_ns";
                new Figure("pipe-rtt-32", transport, metric, histogram.getValueAtPercentile(p[0]), "ns").print();
            }
        }
    }

    private static double throughput(final String transport, final int size, final long messages) throws Exception {
        try (Endpoint endpoint = Endpoint.listen(transport)) {
            final Process child = startChild(transport, endpoint.address(), "produce", messages, size);
            try (SocketChannel channel = endpoint.accept()) {
                final ByteBuffer buffer = ByteBuffer.allocateDirect(BATCH);
                final long total = messages * size;
                long received = 0;
                long start = 0;
                while (received < total) {
                    buffer.clear();
                    final int n = channel.read(buffer);
                    if (n < 0) {
                        throw new IOException("producer closed after " + received + " of " + total + " bytes");
                    }
                    if (start == 0) {
                        start = System.nanoTime();
                    }
                    received += n;
                }
                final double seconds = (System.nanoTime() - start) / 1e9;
                return messages / seconds;
            } finally {
                finish(child);
            }
        }
    }

    private static Histogram roundTrips(final String transport, final int trips) throws Exception {
        try (Endpoint endpoint = Endpoint.listen(transport)) {
            final Process child = startChild(transport, endpoint.address(), "ping", trips, 32);
            try (SocketChannel channel = endpoint.accept()) {
                final ByteBuffer buffer = ByteBuffer.allocateDirect(32);
                final Histogram histogram = new Histogram(3);
                while (true) {
                    buffer.clear();
                    if (!readFully(channel, buffer)) {
                        break;
                    }
                    final long sent = buffer.getLong(0);
                    if (sent < 0) {
                        break;
                    }
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                }
                finish(child);
                final byte[] encoded = Files.readAllBytes(endpoint.resultFile());
                return Histogram.decodeFromByteBuffer(ByteBuffer.wrap(encoded), 0);
            } finally {
                finish(child);
            }
        }
    }

    private static void child(final String transport, final String address, final String role, final long count,
                              final int size) throws Exception {
        try (SocketChannel channel = Endpoint.connect(transport, address)) {
            if (role.equals("produce")) {
                final ByteBuffer message = ByteBuffer.allocateDirect(size);
                for (long i = 0; i < count; i++) {
                    message.clear();
                    message.putLong(0, i);
                    while (message.hasRemaining()) {
                        channel.write(message);
                    }
                }
            } else {
                final ByteBuffer buffer = ByteBuffer.allocateDirect(32);
                final Histogram histogram = new Histogram(3);
                final long warmup = count / 5;
                for (long i = 0; i < count + warmup; i++) {
                    buffer.clear();
                    final long start = System.nanoTime();
                    buffer.putLong(0, start);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    buffer.clear();
                    readFully(channel, buffer);
                    if (i >= warmup) {
                        histogram.recordValue(System.nanoTime() - start);
                    }
                }
                buffer.clear();
                buffer.putLong(0, -1);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                final ByteBuffer encoded = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
                histogram.encodeIntoByteBuffer(encoded);
                Files.write(Endpoint.resultFileOf(transport, address), java.util.Arrays.copyOf(encoded.array(),
                    encoded.position()));
            }
        }
    }

    private static boolean readFully(final SocketChannel channel, final ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                return false;
            }
        }
        return true;
    }

    private static Process startChild(final String transport, final String address, final String role,
                                      final long count, final int size) throws IOException {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), SocketPeersHarness.class.getName(),
            "child", transport, address, role, Long.toString(count), Integer.toString(size)));
        return new ProcessBuilder(command).inheritIO().start();
    }

    private static void finish(final Process child) throws InterruptedException {
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
        }
    }

    /** A listening socket of either transport, and the file where the pinger leaves its histogram. */
    private static final class Endpoint implements AutoCloseable {
        private final ServerSocketChannel server;
        private final String address;
        private final Path socketFile;
        private final String transport;

        private Endpoint(final ServerSocketChannel server, final String address, final Path socketFile,
                         final String transport) {
            this.server = server;
            this.address = address;
            this.socketFile = socketFile;
            this.transport = transport;
        }

        static Endpoint listen(final String transport) throws IOException {
            if (transport.equals("unix-socket")) {
                final Path file = Files.createTempDirectory("shmproc-bench-").resolve("s.sock");
                final ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(file));
                return new Endpoint(server, file.toString(), file, transport);
            }
            final ServerSocketChannel server = ServerSocketChannel.open();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            final int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            return new Endpoint(server, Integer.toString(port), null, transport);
        }

        static SocketChannel connect(final String transport, final String address) throws IOException {
            if (transport.equals("unix-socket")) {
                return SocketChannel.open(UnixDomainSocketAddress.of(Path.of(address)));
            }
            final SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1",
                Integer.parseInt(address)));
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return channel;
        }

        static Path resultFileOf(final String transport, final String address) {
            return Path.of(System.getProperty("java.io.tmpdir"), "shmproc-bench-rtt-" + transport + "-"
                + address.hashCode() + ".hdr");
        }

        String address() {
            return address;
        }

        Path resultFile() {
            return resultFileOf(transport, address);
        }

        SocketChannel accept() throws IOException {
            final SocketChannel channel = server.accept();
            if (!transport.equals("unix-socket")) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return channel;
        }

        @Override
        public void close() throws IOException {
            server.close();
            Files.deleteIfExists(resultFile());
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
                Files.deleteIfExists(socketFile.getParent());
            }
        }
    }
}
