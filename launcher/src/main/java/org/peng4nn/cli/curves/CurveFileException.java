package org.peng4nn.cli.curves;

import java.nio.file.Path;

/** A curve file that cannot be used, with the line at fault (1-based; 0 when the whole file is at fault). */
public final class CurveFileException extends Exception {
    private final Path file;
    private final long line;

    public CurveFileException(Path file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    public long line() {
        return line;
    }
}
