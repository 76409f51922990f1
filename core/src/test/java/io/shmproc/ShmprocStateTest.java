package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ClosedException;
import io.shmproc.state.SharedDict;
import io.shmproc.state.SharedList;
import io.shmproc.state.SharedLong;
import io.shmproc.testkit.CrossProcessTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class ShmprocStateTest {
    @Test
    void shouldHandOutSharedStateByNameAndCloseItWithTheContext() {
        final Path dir;
        final SharedDict<String, Object> dict;
        try (Shmproc mp = Shmproc.open()) {
            dir = mp.directory();
            final SharedLong counter = mp.sharedLong("counter", 3);
            dict = mp.dict("config");
            final SharedList<String> list = mp.list("items");
            counter.incrementAndGet();
            dict.put("k", "v");
            list.add("a");
            assertEquals(4, mp.sharedLong("counter", 0).get());
            assertEquals("v", mp.<String, Object>dict("config").get("k"));
            assertEquals(1, mp.<String>list("items").size());
            assertTrue(Files.isDirectory(dir.resolve("config")));
            assertThrows(IllegalArgumentException.class, () -> mp.dict("../escape"));
            assertThrows(IllegalArgumentException.class, () -> mp.sharedLong(".hidden", 0));
        }
        assertFalse(Files.exists(dir), "the owner's close removes every shared file");
        assertThrows(ClosedException.class, () -> dict.get("k"));
    }
}
