package org.peng4nn.broker;

/** The broker child process could not be launched or did not report ready in time. */
public final class BrokerStartException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
