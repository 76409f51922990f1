package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the core free of every class that needs a JVM option: the compiled classes of {@code io.shmproc} must not
 * refer to Agrona's classes that link against {@code jdk.internal.misc.Unsafe} (which needs
 * {@code --add-exports java.base/jdk.internal.misc}), nor to {@code jdk.internal} themselves. Agrona's ring
 * buffers, idle strategies and collections are fine: they use only the {@code AtomicBuffer} interface.
 */
class NoJvmFlagTest {
    /** Internal class names (as in a class file's constant pool) that force the JVM flag. */
    static final List<String> FORBIDDEN = List.of(
        "org/agrona/concurrent/UnsafeBuffer",
        "org/agrona/ExpandableArrayBuffer",
        "org/agrona/ExpandableDirectByteBuffer",
        "org/agrona/AbstractMutableDirectBuffer",
        "org/agrona/BufferUtil",
        "org/agrona/UnsafeApi",
        "org/agrona/concurrent/status/AtomicCounter",
        "org/agrona/concurrent/status/UnsafeBufferPosition",
        "org/agrona/concurrent/status/UnsafeBufferStatusIndicator",
        "org/agrona/concurrent/OneToOneConcurrentArrayQueue",
        "org/agrona/concurrent/ManyToOneConcurrentArrayQueue",
        "org/agrona/concurrent/ManyToManyConcurrentArrayQueue",
        "org/agrona/concurrent/ManyToOneConcurrentLinkedQueue",
        "jdk/internal/");

    @Test
    void shouldReferToNoClassThatNeedsAJvmFlag() throws IOException {
        final Path classes = Path.of("target/classes/io/shmproc");
        assertTrue(Files.isDirectory(classes), "compiled classes at " + classes.toAbsolutePath());
        final List<String> violations = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (final Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".class"))::iterator) {
                scanned++;
                violations.addAll(violationsIn(Files.readAllBytes(file), classes.relativize(file).toString()));
            }
        }
        assertTrue(scanned > 100, "scanned " + scanned + " classes");
        assertEquals(List.of(), violations, "core classes that would need --add-exports java.base/jdk.internal.misc");
    }

    @Test
    void shouldDetectAForbiddenReference() {
        final byte[] classFile = "....Lorg/agrona/concurrent/UnsafeBuffer;...".getBytes(StandardCharsets.ISO_8859_1);
        assertFalse(violationsIn(classFile, "X.class").isEmpty());
        assertTrue(violationsIn("org/agrona/concurrent/AtomicBuffer".getBytes(StandardCharsets.ISO_8859_1),
            "X.class").isEmpty());
    }

    static List<String> violationsIn(final byte[] classFile, final String where) {
        final String text = new String(classFile, StandardCharsets.ISO_8859_1);
        final List<String> violations = new ArrayList<>();
        for (final String name : FORBIDDEN) {
            if (text.contains(name)) {
                violations.add(where + " refers to " + name);
            }
        }
        return violations;
    }
}
