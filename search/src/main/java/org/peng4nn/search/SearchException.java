package org.peng4nn.search;

/** A search could not go on: a job could not be published. */
public final class SearchException extends RuntimeException {

    public SearchException(String message, Throwable cause) {
        super(message, cause);
    }
}
