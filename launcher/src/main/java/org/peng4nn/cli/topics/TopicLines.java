package org.peng4nn.cli.topics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.peng4nn.events.serde.AvroSerde;
import org.peng4nn.events.serde.UndecodableRecordException;
import org.peng4nn.predictor.DeadLetterHeaders;
import org.peng4nn.topics.EventTopic;

/**
 * Turns the raw records of one project topic into the JSON lines of {@code ./peng4nn tail}, keeping those of the
 * wanted search and model. Records are read as bytes and decoded here, one at a time, so that bytes which are no
 * event become a line of their own instead of an error of the consumer's poll.
 * <p>
 * Not thread-safe: it counts.
 */
public final class TopicLines {

    private final ProjectTopic topic;
    private final String prefix;
    private final String searchId;
    private final String modelId;
    private long undecodable;

    /**
     * @param prefix   the catalogue's prefix, to recognize a dead letter's source topic
     * @param searchId only events of this search (null: all)
     * @param modelId  only events of this model (null: all)
     */
    public TopicLines(ProjectTopic topic, String prefix, String searchId, String modelId) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.searchId = searchId;
        this.modelId = modelId;
    }

    /**
     * The line of one record, or empty when the filters leave it out. A record that does not decode is always a
     * line: its search and model cannot be read, and it is what a user of tail is looking for.
     */
    public Optional<ObjectNode> line(ConsumerRecord<byte[], byte[]> record) {
        if (topic.role() == EventTopic.DLQ) {
            return deadLetter(record);
        }
        IndexedRecord event;
        try {
            event = topic.events().deserialize(record.topic(), record.value());
        } catch (UndecodableRecordException e) {
            undecodable++;
            return Optional.of(RecordJson.error(record, e));
        }
        if (!wanted(event, record)) {
            return Optional.empty();
        }
        return Optional.of(RecordJson.event(record, event));
    }

    /** How many records so far were no event of the topic. */
    public long undecodable() {
        return undecodable;
    }

    private Optional<ObjectNode> deadLetter(ConsumerRecord<byte[], byte[]> record) {
        IndexedRecord event = null;
        UndecodableRecordException failure = null;
        AvroSerde<? extends SpecificRecord> events = sourceEvents(record);
        if (events != null && record.value() != null) {
            try {
                event = events.deserialize(record.topic(), record.value());
            } catch (UndecodableRecordException e) {
                failure = e;
            }
        }
        // what no event could be read from is matched on the record's key, which dead letters keep as it came in
        if (event == null && searchId != null) {
            return Optional.empty();
        }
        if (!wanted(event, record)) {
            return Optional.empty();
        }
        return Optional.of(RecordJson.deadLetter(record, event, failure));
    }

    /** The events of a dead letter's source topic, when that is a topic of the project. */
    private AvroSerde<? extends SpecificRecord> sourceEvents(ConsumerRecord<byte[], byte[]> record) {
        String source = RecordJson.header(record, DeadLetterHeaders.SOURCE_TOPIC);
        if (source == null || source.isBlank()) {
            return null;
        }
        try {
            return ProjectTopic.resolve(source, prefix).events();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private boolean wanted(IndexedRecord event, ConsumerRecord<byte[], byte[]> record) {
        if (searchId != null && !searchId.equals(field(event, "search_id"))) {
            return false;
        }
        if (modelId == null) {
            return true;
        }
        // events are keyed by model_id: the key stands in where there is no event (a tombstone, a dead letter's bytes)
        String model = event != null ? field(event, "model_id")
                : record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        return modelId.equals(model);
    }

    /** A text field of any event by its schema name; every event of the bus has search_id and model_id. */
    private static String field(IndexedRecord event, String name) {
        if (event == null) {
            return null;
        }
        Schema.Field field = event.getSchema().getField(name);
        Object value = field == null ? null : event.get(field.pos());
        return value == null ? null : value.toString();
    }
}
