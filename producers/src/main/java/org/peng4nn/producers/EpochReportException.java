package org.peng4nn.producers;

/** An epoch event could not be published; names the model, run and epoch and wraps Kafka's reason. */
public final class EpochReportException extends RuntimeException {

    public EpochReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
