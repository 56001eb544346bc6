package org.peng4nn.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The layout of a broker directory, shared by the launching parent and the {@link BrokerProcess} child so that
 * both agree on where the configuration, the logs and the data live.
 */
record BrokerFiles(Path root) {

    /** What to delete once the broker has stopped. */
    enum Cleanup {
        /** Nothing: the next broker on this directory resumes the cluster. */
        KEEP,
        /** The Kafka data only, so that the logs of a caller-chosen directory stay readable. */
        DATA,
        /** The whole directory: it was a temporary one of our own. */
        ALL;

        static Cleanup of(BrokerOptions options) {
            if (options.keepData()) {
                return KEEP;
            }
            return options.temporary() ? ALL : DATA;
        }

        void apply(BrokerFiles files) throws IOException {
            switch (this) {
                case KEEP -> { }
                case DATA -> deleteRecursively(files.dataDir());
                case ALL -> deleteRecursively(files.root());
            }
        }
    }

    /** The one SASL mechanism of a broker with SCRAM users. */
    static final String SCRAM_MECHANISM = "SCRAM-SHA-256";

    /** The SCRAM user the broker itself authenticates as on its own listener. */
    static final String BROKER_USER = "peng4nn-broker";

    BrokerFiles {
        root = root.toAbsolutePath().normalize();
    }

    /**
     * The password of {@link #BROKER_USER}, made once per directory and kept with it: a kept cluster was formatted
     * with it, and formatting happens only once.
     */
    String brokerPassword() {
        Path file = root.resolve("scram-broker-password");
        try {
            if (!Files.isRegularFile(file)) {
                byte[] secret = new byte[16];
                new SecureRandom().nextBytes(secret);
                Files.writeString(file, HexFormat.of().formatHex(secret));
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the broker's SCRAM password in " + file, e);
        }
    }

    /** The {@code --add-scram} arguments of the storage format, one per line, the broker's own user included. */
    Path scramUsers() {
        return root.resolve("scram-users");
    }

    void writeScramUsers(Map<String, String> users) {
        List<String> lines = new ArrayList<>();
        lines.add(scramArgument(BROKER_USER, brokerPassword()));
        users.forEach((name, password) -> lines.add(scramArgument(name, password)));
        try {
            Files.write(scramUsers(), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + scramUsers(), e);
        }
    }

    private static String scramArgument(String name, String password) {
        return SCRAM_MECHANISM + "=[name=" + name + ",password=" + password + "]";
    }

    Path dataDir() {
        return root.resolve("data");
    }

    Path serverProperties() {
        return root.resolve("server.properties");
    }

    /** Kafka's own log, written by log4j2 in the child (see {@code broker-log4j2.xml}). */
    Path brokerLog() {
        return root.resolve("broker.log");
    }

    /** The child JVM's stdout and stderr: JVM errors and anything printed before logging is set up. */
    Path consoleLog() {
        return root.resolve("broker-console.log");
    }

    /** The last lines of both logs, for error messages about a broker that failed to start. */
    String logTail(int lines) {
        StringBuilder text = new StringBuilder();
        for (Path log : List.of(consoleLog(), brokerLog())) {
            String tail = tail(log, lines);
            if (!tail.isBlank()) {
                text.append("--- last lines of ").append(log).append(" ---\n").append(tail);
            }
        }
        return text.length() == 0 ? "(the broker wrote no log in " + root + ")" : text.toString();
    }

    /** Reads only the end of the file: a kept broker directory can hold a long log. */
    private static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")\n";
        }
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // a file that vanished meanwhile (the other side of the pipe cleaning up too) is what we want
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Creates the directory (and its parents) if needed. */
    BrokerFiles create() {
        try {
            Files.createDirectories(root);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create broker directory " + root, e);
        }
    }
}
