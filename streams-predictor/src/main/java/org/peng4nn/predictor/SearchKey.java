package org.peng4nn.predictor;

import org.apache.kafka.common.serialization.Deserializer;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventSerdes;

/**
 * The key that brings a search's epoch events together: the search_id inside the value. A record
 * that does not decode keeps its key and travels on as it came, to become a dead letter where
 * every event is checked.
 */
final class SearchKey {

    private static final Deserializer<EpochMetric> DECODER = EventSerdes.epochMetric().deserializer();

    private SearchKey() {
    }

    static String of(String key, byte[] value) {
        try {
            EpochMetric event = DECODER.deserialize(null, value);
            return event == null ? key : event.getSearchId();
        } catch (RuntimeException e) {
            return key;
        }
    }
}
