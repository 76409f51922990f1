package io.shmproc.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.Shmproc;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

@CrossProcessTest
class NamespaceTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void shouldShareFieldsWithAChildThatReceivedTheSerializedHandle() throws Exception {
        try (Shmproc mp = Shmproc.open()) {
            final Namespace ns = mp.namespace("ns");
            ns.set("x", 10);
            ns.set("label", "run-1");
            ns.set("gone", 1.5);
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(ns);
            }
            try (ChildJvm child = ChildJvm.start(Child.class, Base64.getEncoder().encodeToString(bytes.toByteArray()))) {
                assertEquals(0, child.waitFor(WAIT));
            }
            assertEquals(11, ns.getLong("x"));
            assertEquals(11, ns.getInt("x"));
            assertTrue(ns.getBoolean("done"));
            assertTrue(ns.has("none"));
            assertNull(ns.get("none"));
            assertFalse(ns.has("gone"));
            assertEquals("Namespace(done=True, label='run-1', none=None, x=11)", ns.toString());
            assertEquals(List.of("x", "label", "done", "none"), List.copyOf(ns.fields().keySet()));
            final NoSuchElementException missing = assertThrows(NoSuchElementException.class, () -> ns.get("gone"));
            assertTrue(missing.getMessage().contains("'gone'"), missing.getMessage());
            assertEquals("default", ns.get("gone", (Object) "default"));
            final ClassCastException wrong = assertThrows(ClassCastException.class, () -> ns.getLong("label"));
            assertTrue(wrong.getMessage().contains("label"), wrong.getMessage());
            assertThrows(ClassCastException.class, () -> ns.getDouble("none"));
            assertEquals("run-1", ns.getString("label"));
            assertEquals(12, ns.update("x", v -> (Integer) v + 1));
            assertThrows(IllegalArgumentException.class, () -> ns.set("", 1));
        }
    }

    /** Child: deserializes the namespace, reads and changes fields. */
    static final class Child {
        public static void main(final String[] args) throws Exception {
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(
                Base64.getDecoder().decode(args[0])));
                 Namespace ns = (Namespace) in.readObject()) {
                if (!ns.getString("label").equals("run-1")) {
                    throw new AssertionError("child read " + ns);
                }
                ns.set("x", ns.getInt("x") + 1);
                ns.delete("gone");
                ns.set("done", true);
                ns.set("none", null);
            }
        }
    }
}
