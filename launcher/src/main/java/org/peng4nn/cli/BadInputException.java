package org.peng4nn.cli;

/** Input the user has to fix (a setting, a budget); reported as one line with exit status 2. */
public final class BadInputException extends Exception {
    public BadInputException(String message) {
        super(message);
    }
}
