package io.shmproc.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.channel.DurableChannel;
import io.shmproc.channel.RollPeriod;
import io.shmproc.codec.Codecs;
import io.shmproc.exceptions.CorruptRegionException;
import io.shmproc.exceptions.RegionException;
import io.shmproc.testkit.CrossProcessTest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged durable logs: truncated, overwritten or replaced cycle files, changed payload bytes, a garbage metadata
 * file, and time seeks into roll periods without a file. The damage is done to the files between processes' uses
 * (here: between opens in one JVM; what matters is the state of the files).
 */
@CrossProcessTest
class DurableQueueDamageTest {
    @TempDir
    Path temp;

    private Path dir() {
        return temp.resolve("log");
    }

    private DurableQueue<String> open(final DurableQueueOptions options) {
        return DurableQueue.open(dir(), Codecs.string(), options);
    }

    private List<String> write(final int count, final DurableQueueOptions options) {
        final List<String> written = new ArrayList<>();
        try (DurableQueue<String> queue = open(options)) {
            for (int i = 0; i < count; i++) {
                final String element = "m:" + i + ":" + "x".repeat(80);
                queue.put(element);
                written.add(element);
            }
        }
        return written;
    }

    /**
     * Reads with a consumer in AUTO mode until the log ends or a {@link CorruptRegionException}; every element
     * delivered must be the next one written.
     */
    private CorruptRegionException readUntilDamage(final List<String> written, final DurableQueueOptions options) {
        try (DurableQueue<String> queue = open(options);
             DurableConsumer<String> consumer = queue.consumer("reader", AckMode.AUTO)) {
            int read = 0;
            try {
                String element;
                while ((element = consumer.poll()) != null) {
                    assertEquals(written.get(read), element, "element " + read + " delivered as written");
                    read++;
                }
            } catch (final CorruptRegionException e) {
                assertThrows(CorruptRegionException.class, consumer::poll, "stays in front of the damage");
                final long acknowledged = consumer.acknowledgedIndex();
                assertTrue(acknowledged < consumer.lastIndex() || read == 0 || acknowledged == consumer.lastIndex(),
                    "acknowledgement never past the last element read");
                return e;
            }
            throw new AssertionError("read " + read + " of " + written.size() + " then 'no more messages':"
                + " the damage was not detected");
        }
    }

    @Test
    void shouldReportATruncatedCycleFileInsteadOfEndingTheLog() throws Exception {
        final List<String> written = write(4_000, DurableQueueOptions.defaults());
        final Path cycle = onlyCycleFile();
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
            file.setLength(200 * 1024);
        }
        final CorruptRegionException e = readUntilDamage(written, DurableQueueOptions.defaults());
        assertEquals(cycle, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        try (DurableQueue<String> queue = open(DurableQueueOptions.defaults());
             DurableConsumer<String> consumer = queue.consumer("reader", AckMode.AUTO)) {
            assertThrows(CorruptRegionException.class, consumer::poll, "reopened, the consumer stops there again");
        }
    }

    @Test
    void shouldReportOverwrittenDocumentHeaders() throws Exception {
        final List<String> written = write(2_000, DurableQueueOptions.defaults());
        final Path cycle = onlyCycleFile();
        final long at = indexOf(cycle, written.get(900).getBytes(StandardCharsets.UTF_8)) - 12;
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
            file.seek(at);
            file.write(new byte[] {0, 0, 0, 0});
        }
        final CorruptRegionException e = readUntilDamage(written, DurableQueueOptions.defaults());
        assertEquals(cycle, e.file(), e.getMessage());
    }

    @Test
    void shouldReportACycleFileReplacedByGarbage() throws Exception {
        final List<String> written = write(10, DurableQueueOptions.defaults());
        final Path cycle = onlyCycleFile();
        final byte[] garbage = new byte[1 << 20];
        new Random(42).nextBytes(garbage);
        Files.write(cycle, garbage);
        final CorruptRegionException e = readUntilDamage(written, DurableQueueOptions.defaults());
        assertEquals(cycle, e.file(), e.getMessage());
    }

    @Test
    void shouldReportAChangedPayloadByteWhenMessagesCarryChecksums() throws Exception {
        final DurableQueueOptions options = DurableQueueOptions.defaults().checksum(true);
        final List<String> written = write(100, options);
        final Path cycle = onlyCycleFile();
        final long at = indexOf(cycle, written.get(60).getBytes(StandardCharsets.UTF_8));
        try (RandomAccessFile file = new RandomAccessFile(cycle.toFile(), "rw")) {
            file.seek(at + 20);
            file.write('y');
        }
        final CorruptRegionException e = readUntilDamage(written, options);
        assertEquals(cycle, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("byte position"), e.getMessage());
    }

    @Test
    void shouldReadLogsWithAndWithoutChecksumsTogether() throws Exception {
        try (DurableQueue<String> plain = open(DurableQueueOptions.defaults());
             DurableQueue<String> summed = open(DurableQueueOptions.defaults().checksum(true));
             DurableConsumer<String> consumer = plain.consumer("c")) {
            plain.put("a");
            summed.put("b");
            plain.put("c");
            assertEquals("a", consumer.take());
            assertEquals("b", consumer.take());
            assertEquals("c", consumer.take());
            assertNull(consumer.poll());
        }
    }

    @Test
    void shouldNameAGarbageMetadataFile() throws Exception {
        write(3, DurableQueueOptions.defaults());
        final Path metadata = dir().resolve("metadata.cq4t");
        final byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(metadata, garbage);
        final CorruptRegionException e = assertThrows(CorruptRegionException.class,
            () -> open(DurableQueueOptions.defaults()));
        assertEquals(metadata, e.file(), e.getMessage());
        assertTrue(e.getMessage().contains("metadata file is damaged"), e.getMessage());
    }

    @Test
    void shouldSeekIntoARollPeriodWithoutAFile() throws Exception {
        final DurableQueueOptions options = DurableQueueOptions.defaults().rollPeriod(RollPeriod.SECONDLY);
        try (DurableQueue<String> queue = open(options);
             DurableConsumer<String> consumer = queue.consumer("c")) {
            queue.put("before");
            awaitNextSecond();
            awaitNextSecond();
            final Instant quiet = Instant.now();
            awaitNextSecond();
            awaitNextSecond();
            queue.put("after");
            consumer.seek(quiet);
            assertEquals("after", consumer.take(), "the first element at or after a quiet second");
            consumer.ack();
            queue.deleteConsumedCycles();
            assertEquals(1, queue.channel().cycleFileCount(), "retention across the quiet seconds");
            awaitNextSecond();
            awaitNextSecond();
            final Instant quietAgain = Instant.now();
            consumer.seek(quietAgain);
            assertNull(consumer.poll(), "nothing at or after: positioned at the end");
            queue.put("later");
            assertEquals("later", consumer.take());
        }
    }

    @Test
    void shouldSayPermissionDeniedForAnExistingLogThisUserMayNotUse() throws Exception {
        write(1, DurableQueueOptions.defaults());
        final Path metadata = dir().resolve("metadata.cq4t");
        // root may read anything: make the check see a file it may not use by removing its read permission
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
            "skipped in this JVM: root may read every file; DurableQueueFaultTest covers it with a child as nobody");
        Files.setPosixFilePermissions(metadata, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        final RegionException e = assertThrows(RegionException.class, () -> open(DurableQueueOptions.defaults()));
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
    }

    private Path onlyCycleFile() throws IOException {
        final List<Path> cycles = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(), "*.cq4")) {
            files.forEach(cycles::add);
        }
        assertEquals(1, cycles.size(), "one cycle file: " + cycles);
        return cycles.get(0);
    }

    private static long indexOf(final Path file, final byte[] needle) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            final byte[] head = new byte[4 << 20];
            final int n = raf.read(head);
            outer:
            for (int i = 0; i + needle.length <= n; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (head[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
        }
        throw new AssertionError("not found in " + file);
    }

    private static void awaitNextSecond() throws InterruptedException {
        final long second = System.currentTimeMillis() / 1000;
        while (System.currentTimeMillis() / 1000 == second) {
            Thread.sleep(10);
        }
    }

    static {
        // referenced for the javadoc of the test class
        assert DurableChannel.NO_INDEX < 0;
    }
}
