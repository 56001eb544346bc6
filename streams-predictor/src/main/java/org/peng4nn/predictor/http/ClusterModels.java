package org.peng4nn.predictor.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.peng4nn.predictor.ModelRecord;
import org.peng4nn.predictor.PredictorTopology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models store of every predictor instance, read from this one. Each instance holds the models
 * of the partitions it owns; a list is this instance's part plus every other instance's part asked
 * over HTTP with {@code scope=local} (so the question never travels further), and one model is read
 * where Kafka Streams says its key lives, or else from whichever instance has it.
 */
final class ClusterModels {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterModels.class);

    /** Models from several instances, and the instances ({@code host:port}) that could not be read. */
    record Gathered(List<ModelSummary> models, List<String> unreachable) {
    }

    private static final Comparator<ModelSummary> LISTING = Comparator.comparing(ModelSummary::searchId)
            .thenComparing(ModelSummary::modelId);

    private final KafkaStreams streams;
    private final HostInfo self;
    private final PeerClient peers;

    /** @param self this instance's API address, as given to Kafka Streams in {@code application.server} */
    ClusterModels(KafkaStreams streams, HostInfo self, PeerClient peers) {
        this.streams = streams;
        this.self = self;
        this.peers = peers;
    }

    String owner() {
        return address(self);
    }

    /** This instance's models that pass the filter. */
    List<ModelSummary> local(ModelFilter filter) {
        return readLocal(store -> {
            List<ModelSummary> found = new ArrayList<>();
            try (var all = store.all()) {
                all.forEachRemaining(entry -> {
                    ModelSummary summary = ModelSummary.of(entry.value, owner());
                    if (filter.test(summary)) {
                        found.add(summary);
                    }
                });
            }
            found.sort(LISTING);
            return found;
        }, List.of());
    }

    Optional<ModelRecord> localRecord(String modelId) {
        return readLocal(store -> Optional.ofNullable(store.get(modelId)), Optional.empty());
    }

    /**
     * The models of all instances that pass the filter, sorted by search and model id. An instance
     * that cannot be read is listed in {@link Gathered#unreachable()} instead of failing the request.
     */
    Gathered all(ModelFilter filter) {
        requireRunning();
        String query = filter.queryString();
        String path = "/models?scope=" + PredictorHttpApi.SCOPE_LOCAL + (query.isEmpty() ? "" : "&" + query);
        Map<HostInfo, CompletableFuture<List<ModelSummary>>> asked = new LinkedHashMap<>();
        for (HostInfo peer : peers()) {
            asked.put(peer, peers.get(peer, path).thenApply(answer -> {
                if (answer.status() != 200) {
                    throw new IllegalStateException("HTTP " + answer.status() + ": " + answer.body());
                }
                return ApiJson.summaries(answer.body());
            }));
        }
        Map<String, ModelSummary> byId = new LinkedHashMap<>();
        List<String> unreachable = new ArrayList<>();
        try {
            local(filter).forEach(m -> merge(byId, m));
        } catch (StoreUnavailableException e) {
            unreachable.add(owner());
        }
        asked.forEach((peer, answer) -> {
            try {
                answer.join().forEach(m -> merge(byId, m));
            } catch (CompletionException e) {
                LOG.warn("predictor instance {} did not list its models: {}", address(peer), e.getCause().toString());
                unreachable.add(address(peer));
            }
        });
        List<ModelSummary> models = new ArrayList<>(byId.values());
        models.sort(LISTING);
        return new Gathered(models, unreachable);
    }

    /**
     * One model's details as JSON, from this instance's store or from the instance that owns the
     * model: 200 with {@link ModelDetails}, 404 when no instance has it. Throws
     * {@link StoreUnavailableException} while ownership is moving or the owner cannot be reached.
     *
     * @param localOnly answer from this instance's store only (the question was forwarded here)
     */
    PeerClient.Answer details(String modelId, boolean localOnly) {
        requireRunning();
        Optional<ModelRecord> here;
        StoreUnavailableException unreadable = null;
        try {
            here = localRecord(modelId);
        } catch (StoreUnavailableException e) {
            here = Optional.empty();
            unreadable = e;
        }
        if (here.isPresent()) {
            return new PeerClient.Answer(200, ApiJson.write(ModelDetails.of(here.get(), owner())));
        }
        if (!localOnly) {
            KeyQueryMetadata where = metadata(() -> streams.queryMetadataForKey(PredictorTopology.MODELS_STORE,
                    modelId, Serdes.String().serializer()));
            boolean known = where != null && !KeyQueryMetadata.NOT_AVAILABLE.equals(where);
            if (!known && streams.state() != KafkaStreams.State.RUNNING) {
                throw new StoreUnavailableException("partition ownership is not known while Kafka Streams is "
                        + streams.state(), unreadable);
            }
            if (known && isPeer(where.activeHost())) {
                PeerClient.Answer answer = forward(where.activeHost(), modelId);
                if (answer.status() != 404) {
                    return answer;
                }
            }
            // when a policy learns from its search the events are regrouped by search_id, so a model lives
            // with its search, not where its own key hashes: ask every instance
            Optional<PeerClient.Answer> found = askEveryPeer(modelId);
            if (found.isPresent()) {
                return found.get();
            }
        }
        if (unreadable != null) {
            throw unreadable;
        }
        return notFound(modelId);
    }

    private Optional<PeerClient.Answer> askEveryPeer(String modelId) {
        String path = "/models/" + PeerClient.segment(modelId) + "?scope=" + PredictorHttpApi.SCOPE_LOCAL;
        List<CompletableFuture<PeerClient.Answer>> asked = peers().stream().map(peer -> peers.get(peer, path)).toList();
        for (CompletableFuture<PeerClient.Answer> answer : asked) {
            try {
                PeerClient.Answer a = answer.join();
                if (a.status() == 200) {
                    return Optional.of(a);
                }
            } catch (CompletionException e) {
                LOG.debug("an instance did not answer for model {}: {}", modelId, e.getCause().toString());
            }
        }
        return Optional.empty();
    }

    private PeerClient.Answer forward(HostInfo owner, String modelId) {
        String path = "/models/" + PeerClient.segment(modelId) + "?scope=" + PredictorHttpApi.SCOPE_LOCAL;
        try {
            PeerClient.Answer answer = peers.get(owner, path).join();
            if (answer.status() == 503) {
                throw new StoreUnavailableException("the owner " + address(owner) + " of model '" + modelId
                        + "' cannot read its store now", null);
            }
            return answer;
        } catch (CompletionException e) {
            throw new StoreUnavailableException("the owner " + address(owner) + " of model '" + modelId
                    + "' cannot be reached: " + e.getCause(), e.getCause());
        }
    }

    static PeerClient.Answer notFound(String modelId) {
        return new PeerClient.Answer(404, ApiJson.write(Map.of("error", "no model '" + modelId + "'")));
    }

    /** Every other instance that announced an API address. */
    private List<HostInfo> peers() {
        return metadata(() -> streams.metadataForAllStreamsClients()).stream().map(StreamsMetadata::hostInfo)
                .filter(this::isPeer).distinct().toList();
    }

    /** Stores and partition metadata exist only while Kafka Streams runs or rebalances. */
    private void requireRunning() {
        KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
            throw new StoreUnavailableException("Kafka Streams is " + state + ", no models can be read", null);
        }
    }

    // Kafka Streams refuses metadata questions once it leaves RUNNING/REBALANCING, which can happen mid-request
    private static <T> T metadata(Supplier<T> question) {
        try {
            return question.get();
        } catch (IllegalStateException | StreamsException e) {
            throw new StoreUnavailableException("partition metadata is not available: " + e.getMessage(), e);
        }
    }

    // without application.server Kafka Streams reports the host "unavailable" with port -1: nobody to ask
    private boolean isPeer(HostInfo host) {
        return host != null && host.port() > 0 && !host.equals(self);
    }

    private <T> T readLocal(Function<ReadOnlyKeyValueStore<String, ModelRecord>, T> query, T whenNoPartitions) {
        try {
            return query.apply(streams.store(StoreQueryParameters.fromNameAndType(PredictorTopology.MODELS_STORE,
                    QueryableStoreTypes.keyValueStore())));
        } catch (InvalidStateStoreException e) {
            // a running instance with no partitions (more instances than partitions) simply has no models
            if (streams.state() == KafkaStreams.State.RUNNING && ownsNoTasks()) {
                return whenNoPartitions;
            }
            throw new StoreUnavailableException("the models store of " + owner() + " cannot be read while Kafka "
                    + "Streams is " + streams.state() + ": " + e.getMessage(), e);
        }
    }

    private boolean ownsNoTasks() {
        return streams.metadataForLocalThreads().stream().allMatch(t -> t.activeTasks().isEmpty());
    }

    private static void merge(Map<String, ModelSummary> byId, ModelSummary m) {
        // while a partition moves, two instances may briefly both answer for a model: keep the newer copy
        byId.merge(m.modelId(), m, (a, b) -> b.lastUpdateMs() > a.lastUpdateMs() ? b : a);
    }

    static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }
}
