package org.peng4nn.datasets;

import java.nio.file.Path;

/** A dataset file that is missing, truncated or not in the expected format; the message names the file. */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A problem with {@code file}, described by {@code problem} (e.g. "truncated: expected 784 bytes, found 12"). */
    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
    }

    /** A problem with {@code file} caused by a lower-level failure. */
    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /** A problem not tied to one file, e.g. an unknown dataset name. */
    public DatasetException(String message) {
        super(message);
    }
}
