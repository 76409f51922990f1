package io.shmproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.shmproc.exceptions.ShmprocTimeoutException;
import io.shmproc.memory.SharedDirectory;
import io.shmproc.testkit.ChildJvm;
import io.shmproc.testkit.CrossProcessTest;
import java.io.EOFException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One pipe end held by several processes, with Python's semantics (issue 17, item 10). */
@CrossProcessTest
class PipeSharingTest {
    private static final Duration LONG = Duration.ofSeconds(90);
    private SharedDirectory dir;

    @BeforeEach
    void createDirectory() {
        dir = SharedDirectory.create(SharedDirectory.defaultBase());
    }

    @AfterEach
    void deleteDirectory() {
        dir.delete();
    }

    private Path copy(final Connection<?> connection, final String name) throws Exception {
        final Path file = dir.resolve(name);
        PipeChildren.write(connection, file);
        return file;
    }

    @Test
    void shouldInterleaveWholeMessagesFromSeveralSendingProcesses() throws Exception {
        final int perChild = 300;
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"), PipeOptions.duplex().capacity(1 << 16))) {
            final Connection<Object> sender = pipe.second();
            final Connection<Object> receiver = pipe.first();
            final CompletableFuture<List<String>> received = CompletableFuture.supplyAsync(() -> receiveAll(receiver));
            for (int n = 0; n < 20; n++) {
                sender.send(PipeChildren.message("parent", n));
            }
            final List<ChildJvm> children = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    children.add(ChildJvm.start(PipeChildren.SendMany.class, copy(sender, "end2-" + i).toString(),
                        "child" + i, String.valueOf(perChild)));
                }
                for (int n = 20; n < 40; n++) {
                    sender.send(PipeChildren.message("parent", n));
                }
                sender.close();
                for (final ChildJvm child : children) {
                    assertEquals(0, child.waitFor(LONG), String.join("\n", child.lines()));
                }
            } finally {
                children.forEach(ChildJvm::close);
            }
            final Map<String, List<Integer>> bySender = new HashMap<>();
            for (final String message : received.get(60, TimeUnit.SECONDS)) {
                assertTrue(PipeChildren.whole(message), "torn message of " + message.length() + " chars");
                final String[] parts = message.split(":", 3);
                bySender.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
            }
            assertEquals(Set.of("parent", "child0", "child1", "child2"), bySender.keySet());
            assertEquals(sequence(40), bySender.get("parent"), "the parent's messages, once each, in order");
            for (int i = 0; i < 3; i++) {
                assertEquals(sequence(perChild), bySender.get("child" + i), "child" + i + "'s messages in order");
            }
        }
    }

    @Test
    void shouldGiveDistinctWholeMessagesToSeveralReceivingProcesses() throws Exception {
        final int count = 600;
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"), PipeOptions.duplex().capacity(1 << 16))) {
            final Connection<Object> receiver = pipe.first();
            final List<ChildJvm> children = new ArrayList<>();
            try {
                for (int i = 0; i < 2; i++) {
                    children.add(ChildJvm.start(PipeChildren.ReceiveAll.class, copy(receiver, "end1-" + i)
                        .toString()));
                }
                // The parent keeps reading the end it handed to the children.
                final CompletableFuture<List<String>> mine = CompletableFuture.supplyAsync(() -> receiveAll(receiver));
                final Connection<Object> sender = pipe.second();
                for (int n = 0; n < count; n++) {
                    sender.send(PipeChildren.message("parent", n));
                }
                sender.close();
                final List<Integer> all = new ArrayList<>();
                for (final String message : mine.get(60, TimeUnit.SECONDS)) {
                    assertTrue(PipeChildren.whole(message), "torn message in the parent");
                    all.add(Integer.parseInt(message.split(":", 3)[1]));
                }
                for (final ChildJvm child : children) {
                    assertEquals(0, child.waitFor(LONG), String.join("\n", child.lines()));
                    for (final String line : child.lines()) {
                        assertTrue(!line.startsWith("torn"), line);
                        if (line.startsWith("got ")) {
                            all.add(Integer.parseInt(line.substring(4).split(":")[1]));
                        }
                    }
                    assertTrue(child.lines().contains("eof"), "each receiver reaches end of file");
                }
                assertEquals(count, all.size(), "each message received once");
                assertEquals(new HashSet<>(sequence(count)), new HashSet<>(all));
            } finally {
                children.forEach(ChildJvm::close);
            }
        }
    }

    @Test
    void shouldReachEndOfFileOnlyWhenEveryHolderOfTheOtherEndIsGone() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"));
             ChildJvm child = ChildJvm.start(PipeChildren.Hang.class, copy(pipe.second(), "end2").toString())) {
            child.awaitLine(l -> l.startsWith("attached"), LONG);
            final Connection<Object> receiver = pipe.first();
            pipe.second().send("from the parent's copy");
            assertEquals("from the parent's copy", receiver.recv());
            pipe.second().close();
            assertThrows(ShmprocTimeoutException.class, () -> receiver.recv(300, TimeUnit.MILLISECONDS),
                "the child still holds end 2: no end of file");
            child.kill();
            assertThrows(EOFException.class, () -> receiver.recv(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldKeepTheOtherSendersWorkingWhenOneIsKilledMidStream() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"), PipeOptions.duplex().capacity(1 << 16))) {
            final Connection<Object> sender = pipe.second();
            final Connection<Object> receiver = pipe.first();
            try (ChildJvm victim = ChildJvm.start(PipeChildren.SendMany.class, copy(sender, "end2-v").toString(),
                     "victim", "1000000");
                 ChildJvm survivor = ChildJvm.start(PipeChildren.SendMany.class, copy(sender, "end2-s").toString(),
                     "survivor", "2000")) {
                sender.close();
                final Map<String, List<Integer>> bySender = new HashMap<>();
                boolean killed = false;
                while (true) {
                    final String message;
                    try {
                        message = (String) receiver.recv(60, TimeUnit.SECONDS);
                    } catch (final EOFException e) {
                        break;
                    }
                    assertTrue(PipeChildren.whole(message), "torn message of " + message.length() + " chars");
                    final String[] parts = message.split(":", 3);
                    bySender.computeIfAbsent(parts[0], k -> new ArrayList<>()).add(Integer.parseInt(parts[1]));
                    if (!killed && bySender.getOrDefault("victim", List.of()).size() == 200) {
                        victim.kill();
                        killed = true;
                    }
                }
                assertTrue(killed, "the victim was killed mid-stream");
                assertEquals(0, survivor.waitFor(LONG));
                assertEquals(sequence(2000), bySender.get("survivor"), "the survivor's messages, all, in order");
                final List<Integer> victims = bySender.get("victim");
                assertEquals(sequence(victims.size()), victims, "the victim's messages up to its death, in order");
            }
        }
    }

    @Test
    void shouldKeepPollAndWaitAnyWorkingOnASharedEnd() throws Exception {
        try (Pipe<Object> pipe = Pipe.open(dir.resolve("p"))) {
            final Path file = copy(pipe.second(), "end2");
            try (Connection<Object> second = PipeChildren.read(file.toString())) {
                pipe.second().send("from the first handle");
                second.send("from the second handle");
                assertTrue(pipe.second().toString().contains("shared"), pipe.second().toString());
                final Connection<Object> receiver = pipe.first();
                assertTrue(receiver.poll(1, TimeUnit.SECONDS));
                assertEquals(List.of(receiver), Connection.waitAny(List.of(receiver), 1, TimeUnit.SECONDS));
                assertEquals(Set.of("from the first handle", "from the second handle"),
                    Set.of(receiver.recv(), receiver.recv()));
                assertTrue(!receiver.poll(), "nothing left, both holders open");
                pipe.second().close();
                second.send("still open");
                assertEquals("still open", receiver.recv());
            }
            final Connection<Object> receiver = pipe.first();
            assertTrue(receiver.poll(1, TimeUnit.SECONDS), "end of file is readable");
            assertThrows(EOFException.class, receiver::recv);
        }
    }

    private static List<String> receiveAll(final Connection<Object> receiver) {
        final List<String> got = new ArrayList<>();
        while (true) {
            try {
                got.add((String) receiver.recv());
            } catch (final EOFException e) {
                return got;
            } catch (final InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static List<Integer> sequence(final int count) {
        final List<Integer> numbers = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            numbers.add(n);
        }
        return numbers;
    }
}
