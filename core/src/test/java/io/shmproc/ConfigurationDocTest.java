package io.shmproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every system property the code reads is in the configuration table of the docs. */
class ConfigurationDocTest {
    private static final Pattern PROPERTY = Pattern.compile("_PROPERTY = \"(shmproc\\.[A-Za-z.]+)\"");

    @Test
    void shouldDocumentEverySystemProperty() throws IOException {
        final String table = Files.readString(Path.of("..", "docs", "guide", "configuration.md"));
        final List<String> properties = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (final Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                final Matcher m = PROPERTY.matcher(Files.readString(file));
                while (m.find()) {
                    properties.add(m.group(1));
                }
            }
        }
        assertTrue(properties.size() > 20, "found " + properties);
        final List<String> missing = properties.stream().filter(p -> !table.contains("`" + p + "`")).toList();
        assertEquals(List.of(), missing, "properties missing from docs/guide/configuration.md");
    }
}
