package org.peng4nn.events.serde;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Told about every record {@link EventPoller} skips. The exception names topic, partition and offset;
 * its cause is the consumer's {@link org.apache.kafka.common.errors.RecordDeserializationException},
 * whose {@code keyBuffer()}, {@code valueBuffer()}, {@code headers()} and {@code timestamp()} hold the
 * raw record for a dead-letter topic. A handler that throws stops the poll with its exception, and the
 * record is not skipped.
 */
@FunctionalInterface
public interface UndecodableRecordHandler {

    void onUndecodable(UndecodableRecordException error);

    /** Logs a warning per skipped record and nothing else. */
    static UndecodableRecordHandler logging() {
        Logger log = LoggerFactory.getLogger(EventPoller.class);
        return error -> log.warn("skipping {}", error.getMessage());
    }
}
