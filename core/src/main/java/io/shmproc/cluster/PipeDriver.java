package io.shmproc.cluster;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.shmproc.exceptions.ClosedException;
import java.nio.file.Path;
import org.agrona.CloseHelper;

/**
 * The media driver and Aeron client that carry one cluster client's pipes across hosts ({@link ClusterConnection}),
 * apart from the driver of its cluster session: launched when the first pipe end of the session is used, stopped
 * with the session.
 *
 * <p><b>Why a driver of their own.</b> A driver in shared threading runs one duty cycle for every stream it
 * carries; with the session's ingress and egress in it, each cycle polls their sockets too, and a pipe message
 * waited for them. Measured on loopback, two JVMs, 32-byte ping-pong with the same idle strategies (medians of 9
 * rounds): raw Aeron on the session's driver 68 us, on a driver of its own in the same JVMs 51 us.
 *
 * <p><b>Under crashes.</b> Its directory is {@code <session driver directory>-pipes}; a JVM that dies leaves it, and
 * the next client on the host removes it ({@link StaleDriverDirs}).
 */
final class PipeDriver implements AutoCloseable {
    /** What a pipe driver's directory adds to its session driver's. */
    static final String SUFFIX = "-pipes";

    private final Path dir;
    private MediaDriver driver;
    private Aeron aeron;
    private boolean closed;

    /**
     * A pipe driver beside the session driver in {@code sessionDriverDir}; nothing starts yet.
     *
     * @param sessionDriverDir the session driver's directory
     */
    PipeDriver(final Path sessionDriverDir) {
        this.dir = sessionDriverDir.resolveSibling(sessionDriverDir.getFileName() + SUFFIX);
    }

    /**
     * The Aeron client of the pipes' driver, launching both on first use.
     *
     * @return the client
     * @throws ClosedException when the session was closed
     */
    synchronized Aeron aeron() {
        if (closed) {
            throw new ClosedException("this cluster client is closed: its pipes cannot send or receive");
        }
        if (aeron == null) {
            final MediaDriver launched = ClusterClient.launchDriver(dir);
            try {
                aeron = Aeron.connect(new Aeron.Context()
                    .aeronDirectoryName(dir.toString())
                    .threadFactory(ClusterClient.daemonThreads()));
            } catch (final RuntimeException e) {
                ClusterClient.stopDriver(launched, dir);
                throw e;
            }
            driver = launched;
        }
        return aeron;
    }

    /** Closes the client and stops the driver (deleting its directory) when they were started. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (aeron != null) {
            CloseHelper.quietClose(aeron);
            ClusterClient.stopDriver(driver, dir);
            aeron = null;
            driver = null;
        }
    }
}
