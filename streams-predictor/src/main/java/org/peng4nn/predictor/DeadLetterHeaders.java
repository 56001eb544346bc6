package org.peng4nn.predictor;

/**
 * Names of the headers the predictor puts on each dead letter, next to the original record's own headers: part of
 * the dead-letter topic's contract, so that tools reading it ({@code ./peng4nn tail dlq}) name them from here.
 * Values are UTF-8 text.
 */
public final class DeadLetterHeaders {

    /** Why the record could not be used. */
    public static final String REASON = "peng4nn.dlq.reason";
    /** Topic, partition and offset the record was read from. */
    public static final String SOURCE_TOPIC = "peng4nn.dlq.topic";
    public static final String SOURCE_PARTITION = "peng4nn.dlq.partition";
    public static final String SOURCE_OFFSET = "peng4nn.dlq.offset";
    /** Present when the copy was cut to fit a request: what was cut, with the original sizes. */
    public static final String TRUNCATED = "peng4nn.dlq.truncated";

    private DeadLetterHeaders() {
    }
}
