package io.shmproc.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.shmproc.Shmproc;
import io.shmproc.exceptions.IncompatibleRegionException;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class SharedMemoryTest {

    @Test
    void shouldShareBytesWithAChildThatReceivedTheSerializedHandle() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final SharedMemory block = mp.sharedMemory("block", 4096);
            block.buffer().putLongRelease(0, 41);
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(block);
            }
            try (ChildJvm child = ChildJvm.start(Incrementer.class,
                Base64.getEncoder().encodeToString(bytes.toByteArray()))) {
                assertEquals(0, child.waitFor(Duration.ofSeconds(60)));
            }
            assertEquals(42, block.buffer().getLongVolatile(0));
            assertEquals(4096, block.size());
        }
    }

    @Test
    void shouldRefuseToAttachToAnotherKindAsRawMemory() {
        try (Shmproc mp = Shmproc.open()) {
            final Path file = mp.directory().resolve("not-raw");
            MappedRegion.create(file, RegionKind.TEST, 1, 64, PayloadInitializer.ZEROED).close();
            assertThrows(IncompatibleRegionException.class, () -> SharedMemory.attach(file));
        }
    }

    @Test
    void shouldUnlinkOnceAndKeepTheMappingForHolders() {
        try (Shmproc mp = Shmproc.open()) {
            final SharedMemory block = mp.sharedMemory("gone", 64);
            block.buffer().putInt(0, 7);
            assertEquals(true, block.unlink());
            assertEquals(false, block.unlink());
            assertEquals(false, Files.exists(block.file()));
            assertEquals(7, block.buffer().getInt(0));
        }
    }

    /** Child: deserializes the handle and increments the first long. */
    static final class Incrementer {
        public static void main(final String[] args) throws Exception {
            final byte[] bytes = Base64.getDecoder().decode(args[0]);
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes));
                 SharedMemory block = (SharedMemory) in.readObject()) {
                block.buffer().getAndAddLong(0, 1);
            }
        }
    }
}
