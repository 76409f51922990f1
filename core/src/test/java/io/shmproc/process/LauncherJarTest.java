package io.shmproc.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherJarTest {
    @TempDir
    Path temp;

    @AfterEach
    void restore() {
        System.clearProperty(LauncherJar.ENABLED_PROPERTY);
    }

    @Test
    void shouldWriteAManifestWithMainClassExportAndRelativeClassPath() throws Exception {
        final Path lib = Files.createDirectories(temp.resolve("app lib"));
        final Path jar = Files.writeString(lib.resolve("a.jar"), "a");
        final Path classes = Files.createDirectories(temp.resolve("classes"));
        final Path launcher = LauncherJar.create(jar + File.pathSeparator + classes, temp.resolve("cache"));
        assertEquals(temp.resolve("cache").resolve("launchers"), launcher.getParent());
        try (JarFile file = new JarFile(launcher.toFile())) {
            final Attributes main = file.getManifest().getMainAttributes();
            assertEquals(ChildBootstrap.class.getName(), main.getValue(Attributes.Name.MAIN_CLASS));
            assertEquals(io.shmproc.channel.ChronicleFlags.MANIFEST_ADD_EXPORTS, main.getValue("Add-Exports"));
            assertEquals(io.shmproc.channel.ChronicleFlags.MANIFEST_ADD_OPENS, main.getValue("Add-Opens"));
            assertEquals("../../app%20lib/a.jar ../../classes/", main.getValue(Attributes.Name.CLASS_PATH));
        }
        assertEquals(launcher, LauncherJar.create(jar + File.pathSeparator + classes, temp.resolve("cache")));
    }

    @Test
    void shouldGiveNoLauncherWhenSwitchedOff() {
        System.setProperty(LauncherJar.ENABLED_PROPERTY, "false");
        assertNull(LauncherJar.create("a.jar", temp));
    }
}
