package org.peng4nn.predictor;

import java.util.OptionalInt;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.SearchPartitioner;

/**
 * Decides which way an epoch event reaches the task of its search, when a policy learns from its search: an event
 * already on its search's partition of the epochs topic (its producer used {@link SearchPartitioner}) is decided
 * where it is; any other goes through the repartition topic keyed by its search_id, which puts it on the same
 * partition number, i.e. in the same task. Every event of a model has the same search and partition, so all of
 * a model's events take the same way and keep their order.
 */
final class SearchRouter implements FixedKeyProcessor<String, byte[], SearchRouter.Routed> {

    /**
     * An event with its way: {@code searchId} the key it is regrouped under when it is not {@code home}; {@code event}
     * the decoded event (null when undecodable), which a home event hands on so that it is decoded once.
     * An undecodable event stays home, with its own key: wherever it goes it becomes a dead letter.
     */
    record Routed(byte[] value, EpochMetric event, String searchId, boolean home) {

        /** What the deciding processor receives of a home event: its bytes and the event already decoded. */
        EpochProcessor.Incoming incoming() {
            return new EpochProcessor.Incoming(value, event);
        }
    }

    private final Deserializer<EpochMetric> decoder = EventSerdes.epochMetric().deserializer();
    /** Partitions of the epochs topic, when known at start; unknown: every event is regrouped. */
    private final OptionalInt epochsPartitions;
    private FixedKeyProcessorContext<String, Routed> context;

    SearchRouter(OptionalInt epochsPartitions) {
        this.epochsPartitions = epochsPartitions;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, Routed> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, byte[]> record) {
        EpochMetric event = decoded(record.value());
        String searchId = event == null ? null : event.getSearchId();
        boolean home = searchId == null || epochsPartitions.isPresent()
                && context.recordMetadata().map(RecordMetadata::partition).orElse(-1)
                        == SearchPartitioner.partitionOf(searchId, epochsPartitions.getAsInt());
        context.forward(record.withValue(new Routed(record.value(), event, searchId, home)));
    }

    /** The event, or null when the bytes do not decode (the processor decodes them again to name the reason). */
    private EpochMetric decoded(byte[] value) {
        try {
            return decoder.deserialize(null, value);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
