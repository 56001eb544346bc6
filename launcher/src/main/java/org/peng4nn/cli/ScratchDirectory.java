package org.peng4nn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Directories the commands create for one run (broker data, predictor state, generated files) and remove after. */
public final class ScratchDirectory {
    private ScratchDirectory() {
    }

    /** Removes {@code root} and everything below it, deepest first. */
    public static void delete(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
