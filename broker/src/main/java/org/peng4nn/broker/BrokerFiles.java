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
import java.util.List;

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

    BrokerFiles {
        root = root.toAbsolutePath().normalize();
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
