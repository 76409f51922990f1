package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the layers of DESIGN.md executable: a package may refer only to packages on a strictly lower layer,
 * plus {@code exceptions}.
 */
class LayeringTest {
    static final Map<String, Integer> LAYERS = Map.ofEntries(
        Map.entry("exceptions", 0),
        Map.entry("memory", 1), Map.entry("codec", 1),
        Map.entry("channel", 2), Map.entry("sync", 2),
        Map.entry("queue", 3), Map.entry("pipe", 3), Map.entry("state", 3),
        Map.entry("process", 4), Map.entry("manager", 4),
        Map.entry("pool", 5),
        Map.entry("", 6),
        Map.entry("tools", 7), Map.entry("cluster", 7));

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.shmproc\\.([a-z]+)\\.");
    private static final Pattern ROOT_REFERENCE = Pattern.compile("\\bio\\.shmproc\\.[A-Z]");

    @Test
    void shouldKeepEveryPackageOnItsLayer() throws IOException {
        final Path root = Path.of("src/main/java/io/shmproc");
        final List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                final String pkg = root.relativize(file.getParent()).toString().replace('/', '.');
                violations.addAll(violationsIn(pkg, Files.readString(file), file.toString()));
            }
        }
        assertEquals(List.of(), violations, "packages reaching a higher or equal layer");
    }

    @Test
    void shouldDetectAnUpwardReference() {
        assertFalse(violationsIn("memory", "import io.shmproc.channel.SpscChannel;", "X.java").isEmpty());
        assertFalse(violationsIn("channel", "import io.shmproc.Shmproc;", "X.java").isEmpty());
        assertFalse(violationsIn("queue", "import io.shmproc.pipe.Pipe;", "X.java").isEmpty());
        assertFalse(violationsIn("nonsense", "class X {}", "X.java").isEmpty());
        assertTrue(violationsIn("queue", "import io.shmproc.channel.X; import io.shmproc.exceptions.Y;",
            "X.java").isEmpty());
    }

    static List<String> violationsIn(final String pkg, final String source, final String where) {
        final List<String> violations = new ArrayList<>();
        final String top = pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
        final Integer layer = LAYERS.get(top);
        if (layer == null) {
            violations.add(where + ": package '" + pkg + "' is on no layer; add it to DESIGN.md and LayeringTest");
            return violations;
        }
        final Matcher matcher = REFERENCE.matcher(source);
        while (matcher.find()) {
            final String target = matcher.group(1);
            if (target.equals(top) || target.equals("exceptions")) {
                continue;
            }
            final Integer targetLayer = LAYERS.get(target);
            if (targetLayer == null || targetLayer >= layer) {
                violations.add(where + ": " + top + " (L" + layer + ") refers to " + target + " (L" + targetLayer + ")");
            }
        }
        if (layer < 6 && ROOT_REFERENCE.matcher(source).find()) {
            violations.add(where + ": " + top + " (L" + layer + ") refers to the facade package io.shmproc (L6)");
        }
        return violations;
    }
}
