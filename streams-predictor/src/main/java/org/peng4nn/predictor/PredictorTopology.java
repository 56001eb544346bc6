package org.peng4nn.predictor;

import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
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
 * policy learns from its search, brought together by search (directly when a producer put them on their
 * search's partition, else through a repartition topic); per model, check, store, fit and decide;
 * predictions, stop commands, results and dead letters out.
 */
public final class PredictorTopology {

    /** Per model_id: the {@link ModelRecord} (curve, policy state, decision). Queryable over HTTP. */
    public static final String MODELS_STORE = "models";
    /** What each search taught its policy ({@code SearchState}), for policies that learn from it: {@link SearchStore}. */
    public static final String SEARCHES_STORE = "searches";
    /** The repartition topic's name, after the application id: epoch events keyed by search_id. */
    public static final String BY_SEARCH = "epochs-by-search";

    private PredictorTopology() {
    }

    /** Names of the two ways an event reaches its search's task ({@link SearchRouter}). */
    private static final String WAY = "by-search-";
    private static final String HOME = "home";
    private static final String AWAY = "away";

    /** The topology for an epochs topic whose partition count is not known: every event is regrouped. */
    public static Topology build(PredictorSettings settings, PredictorMetrics metrics) {
        return build(settings, metrics, OptionalInt.empty());
    }

    /**
     * @param epochsPartitions partitions of the epochs topic; when known, an event already on its search's partition
     *                         ({@link org.peng4nn.topics.SearchPartitioner}) is decided without the repartition hop.
     *                         It must be the topic's real count: with a wrong one a search's events split over tasks
     */
    public static Topology build(PredictorSettings settings, PredictorMetrics metrics, OptionalInt epochsPartitions) {
        return build(settings, metrics, epochsPartitions, System::nanoTime);
    }

    static Topology build(PredictorSettings settings, PredictorMetrics metrics, OptionalInt epochsPartitions,
            LongSupplier nanoClock) {
        TopicCatalogue topics = settings.topics();
        StreamsBuilder builder = new StreamsBuilder();
        // cached: a model's record reaches RocksDB and the changelog once per commit, not once per epoch
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(MODELS_STORE),
                Serdes.String(), ModelRecordCodec.serde()).withCachingEnabled());
        // a search's head and its finished models' records (SearchStore), written as models start and finish; cached
        // too, so a head rewritten by many starts reaches RocksDB and the changelog once per commit
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEARCHES_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled());

        // values stay bytes until the processor decodes them, so an undecodable record is a dead letter, not a crash
        KStream<String, byte[]> epochs = builder.stream(topics.name(EventTopic.EPOCHS),
                Consumed.with(Serdes.String(), Serdes.ByteArray()));
        KStream<String, EpochProcessor.Incoming> incoming;
        if (settings.policies().needSearchOrder()) {
            // a policy that learns from its search must see all of a search's events, in one order, in one task.
            // The repartition topic has as many partitions as the epochs topic and partitions by the search_id as
            // SearchPartitioner does, so an event already on its search's partition is in the right task: only
            // the others take the hop (a second produce and fetch, and under exactly-once a wait for the
            // regrouping transaction to commit). Both ways meet in one sub-topology, before the one processor.
            Map<String, KStream<String, SearchRouter.Routed>> ways = epochs
                    .processValues(() -> new SearchRouter(epochsPartitions), Named.as("route-by-search"))
                    .split(Named.as(WAY))
                    .branch((key, routed) -> routed.home(), Branched.as(HOME))
                    .defaultBranch(Branched.as(AWAY));
            KStream<String, EpochProcessor.Incoming> home = ways.get(WAY + HOME).mapValues(
                    SearchRouter.Routed::incoming, Named.as("home-value"));
            KStream<String, EpochProcessor.Incoming> regrouped = ways.get(WAY + AWAY)
                    .selectKey((key, routed) -> routed.searchId(), Named.as("key-by-search"))
                    .mapValues(SearchRouter.Routed::value, Named.as("away-value"))
                    .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName(BY_SEARCH))
                    .mapValues(EpochProcessor.Incoming::undecoded, Named.as("regrouped-value"));
            incoming = home.merge(regrouped, Named.as("meet-by-search"));
        } else {
            incoming = epochs.mapValues(EpochProcessor.Incoming::undecoded, Named.as("epoch-value"));
        }
        KStream<String, Emitted> emitted = incoming.process(() -> new EpochProcessor(settings, metrics, nanoClock),
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
