package org.peng4nn.topics;

import org.apache.kafka.common.KafkaException;

/** Topics could not be created or inspected: the broker refused, failed or did not answer in time. */
public final class TopicSetupException extends KafkaException {

    public TopicSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
