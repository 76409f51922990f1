package io.shmproc.demos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a library user does: a fresh program that depends only on {@code shmproc-core} (and what it brings:
 * Agrona, Kryo), the README's first program as its source, compiled here and run with a plain
 * {@code java -cp ... FirstProgram} and no JVM option, on this JDK and on Java 25 when it is installed. It must
 * print {@code hello} and nothing on stderr (no missing-flag exception, no {@code sun.misc.Unsafe} warning).
 */
class PlainJavaFirstProgramTest {
    /** Class path entries of shmproc-core and its non-optional dependencies, as Maven would resolve them. */
    private static final Pattern CORE_AND_DEPENDENCIES = Pattern.compile(
        ".*(core[/\\\\]target[/\\\\]classes|shmproc-core|agrona-|kryo-|reflectasm-|objenesis-|minlog-).*");
    private static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private static final String SOURCE = String.join("\n",
        "import io.shmproc.Shmproc;",
        "import io.shmproc.process.ShmProcess;",
        "import io.shmproc.queue.SharedQueue;",
        "",
        "public class FirstProgram {",
        "    public static void main(String[] args) throws Exception {",
        "        try (Shmproc mp = Shmproc.open()) {",
        "            SharedQueue<String> q = mp.queue(\"jobs\");",
        "            ShmProcess p = mp.process(() -> q.put(\"hello\"))",
        "                             .name(\"worker\").start();",
        "            System.out.println(q.take());",
        "            p.join();",
        "        }",
        "    }",
        "}",
        "");

    @TempDir
    Path project;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void shouldRunTheReadmeProgramWithPlainJavaAndNoFlag() throws Exception {
        final String classPath = compile();
        run(Path.of(System.getProperty("java.home"), "bin", "java"), classPath);
        if (Files.isExecutable(JAVA_25)) {
            run(JAVA_25, classPath);
        }
    }

    private String compile() throws Exception {
        final List<String> dependencies = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(entry -> CORE_AND_DEPENDENCIES.matcher(entry).matches())
            .collect(Collectors.toList());
        assertTrue(dependencies.stream().anyMatch(e -> e.contains("agrona-")), "agrona on " + dependencies);
        final Path source = project.resolve("src/FirstProgram.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, SOURCE, StandardCharsets.UTF_8);
        final Path classes = Files.createDirectories(project.resolve("classes"));
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final int status = javac.run(null, null, null, "--release", "17", "-d", classes.toString(),
            "-cp", String.join(File.pathSeparator, dependencies), source.toString());
        assertEquals(0, status, "the README program compiles against shmproc-core alone");
        final List<String> classPath = new ArrayList<>();
        classPath.add(classes.toString());
        classPath.addAll(dependencies);
        return String.join(File.pathSeparator, classPath);
    }

    private void run(final Path java, final String classPath) throws Exception {
        final Path out = project.resolve("out.txt");
        final Path err = project.resolve("err.txt");
        final Process process = new ProcessBuilder(java.toString(), "-cp", classPath, "FirstProgram")
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        final String stderr = Files.readString(err);
        assertEquals(0, process.exitValue(), java + ": exit status; stderr:\n" + stderr);
        assertEquals("hello", Files.readString(out).strip(), java + ": output");
        assertEquals("", stderr, java + ": nothing on stderr");
    }
}
