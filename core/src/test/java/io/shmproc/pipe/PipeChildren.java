package io.shmproc.pipe;

import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Child JVM mains for the pipe tests; each takes the file holding a serialized connection. */
final class PipeChildren {
    private PipeChildren() {
    }

    static void write(final Connection<?> connection, final Path file) throws IOException {
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(connection);
        }
    }

    @SuppressWarnings("unchecked")
    static Connection<Object> read(final String file) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(Path.of(file)))) {
            return (Connection<Object>) in.readObject();
        }
    }

    /** Answers each message with a reply, until "bye" or end of file; "bytes-next" announces raw bytes to echo. */
    static final class Echo {
        private Echo() {
        }

        public static void main(final String[] args) throws Exception {
            try (Connection<Object> connection = read(args[0])) {
                System.out.println("attached");
                while (true) {
                    final Object message;
                    try {
                        message = connection.recv();
                    } catch (final EOFException e) {
                        System.out.println("eof");
                        return;
                    }
                    if ("bye".equals(message)) {
                        connection.send("bye");
                        return;
                    }
                    if ("bytes-next".equals(message)) {
                        connection.sendBytes(connection.recvBytes());
                    } else {
                        connection.send(java.util.List.of("echo", message));
                    }
                }
            }
        }
    }

    /** Attaches, then waits to be killed. */
    static final class Hang {
        private Hang() {
        }

        public static void main(final String[] args) throws Exception {
            final Connection<Object> connection = read(args[0]);
            System.out.println("attached " + connection.end());
            Thread.sleep(120_000);
        }
    }

    /** Attaches, sends one message, waits a while and closes its end. */
    static final class SendAndClose {
        private SendAndClose() {
        }

        public static void main(final String[] args) throws Exception {
            final Connection<Object> connection = read(args[0]);
            System.out.println("attached");
            connection.send("last words");
            Thread.sleep(Long.parseLong(args[1]));
            connection.close();
            System.out.println("closed");
            Thread.sleep(Long.parseLong(args[1]));
        }
    }

    /** A test message: sender id, sequence number and a filler whose length follows from the number. */
    static String message(final String id, final int n) {
        return id + ":" + n + ":" + "x".repeat(n % 10 == 0 ? 100_000 : n % 50);
    }

    /** Whether a message is whole (its filler as long as its number says). */
    static boolean whole(final String message) {
        final String[] parts = message.split(":", 3);
        return parts.length == 3 && message.equals(message(parts[0], Integer.parseInt(parts[1])));
    }

    /** Sends args[2] numbered messages as sender args[1] on the end in args[0], then closes it. */
    static final class SendMany {
        private SendMany() {
        }

        public static void main(final String[] args) throws Exception {
            try (Connection<Object> connection = read(args[0])) {
                System.out.println("attached");
                for (int n = 0; n < Integer.parseInt(args[2]); n++) {
                    connection.send(message(args[1], n));
                }
            }
            System.out.println("sent");
        }
    }

    /** Receives until end of file, printing "got ID:N" for each whole message and "torn ..." for any other. */
    static final class ReceiveAll {
        private ReceiveAll() {
        }

        public static void main(final String[] args) throws Exception {
            try (Connection<Object> connection = read(args[0])) {
                System.out.println("attached");
                while (true) {
                    final String message;
                    try {
                        message = (String) connection.recv();
                    } catch (final EOFException e) {
                        System.out.println("eof");
                        return;
                    }
                    final String[] parts = message.split(":", 3);
                    System.out.println((whole(message) ? "got " : "torn ") + parts[0] + ":" + parts[1]);
                }
            }
        }
    }
}
