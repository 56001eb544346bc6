package org.peng4nn.predictor;

import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The predictor's Kafka Streams topology, in the order the data flows: epoch events in; when a
 * policy learns from its search, regrouped by search; per model, check, store, fit and decide;
 * predictions, stop commands, results and dead letters out.
 */
public final class PredictorTopology {

    /** Per model_id: the {@link ModelRecord} (curve, policy state, decision). Queryable over HTTP. */
    public static final String MODELS_STORE = "models";
    /** Per search_id: what the search taught its policy ({@code SearchState}), for policies that learn from it. */
    public static final String SEARCHES_STORE = "searches";
    /** The repartition topic's name, after the application id: epoch events keyed by search_id. */
    public static final String BY_SEARCH = "epochs-by-search";

    private PredictorTopology() {
    }

    public static Topology build(PredictorSettings settings, PredictorMetrics metrics) {
        return build(settings, metrics, System::nanoTime);
    }

    static Topology build(PredictorSettings settings, PredictorMetrics metrics, LongSupplier nanoClock) {
        TopicCatalogue topics = settings.topics();
        StreamsBuilder builder = new StreamsBuilder();
        // cached: a model's record reaches RocksDB and the changelog once per commit, not once per epoch
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODELS_STORE),
                Serdes.String(), ModelRecordCodec.serde()).withCachingEnabled());
        // cached too: a search's state (up to a population of whole curves) changes with every model that starts or
        // finishes; it reaches RocksDB and the changelog once per commit, not once per change
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEARCHES_STORE),
                Serdes.String(), SearchStateCodec.serde()).withCachingEnabled());

        // values stay bytes until the processor decodes them, so an undecodable record is a dead letter, not a crash
        KStream<String, byte[]> epochs = builder.stream(topics.name(EventTopic.EPOCHS),
                Consumed.with(Serdes.String(), Serdes.ByteArray()));
        if (settings.policies().needSearchOrder()) {
            // a policy that learns from its search must see all of a search's events, in one order, in one task
            epochs = epochs.selectKey(SearchKey::of, Named.as("key-by-search"))
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(BY_SEARCH));
        }
        KStream<String, Emitted> emitted = epochs.process(() -> new EpochProcessor(settings, metrics, nanoClock),
                Named.as("predict"), MODELS_STORE, SEARCHES_STORE);

        emitted.filter((modelId, out) -> out.prediction() != null).mapValues(Emitted::prediction)
                .to(topics.name(EventTopic.PREDICTIONS), Produced.with(Serdes.String(), EventSerdes.prediction()));
        emitted.filter((modelId, out) -> out.stop() != null).mapValues(Emitted::stop)
                .to(topics.name(EventTopic.CONTROL), Produced.with(Serdes.String(), EventSerdes.stopCommand()));
        emitted.filter((modelId, out) -> out.result() != null).mapValues(Emitted::result)
                .to(topics.name(EventTopic.RESULTS), Produced.with(Serdes.String(), EventSerdes.modelResult()));
        emitted.filter((modelId, out) -> out.deadLetter() != null).mapValues(out -> out.deadLetter().value())
                .to(topics.name(EventTopic.DLQ), Produced.with(Serdes.String(), Serdes.ByteArray()));

        return builder.build();
    }
}
