package org.peng4nn.predictor;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.peng4nn.engine.population.SearchState;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.predictor.PredictorMetrics.EventOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stateful step of the topology: decodes and checks each epoch event, applies it to the model's
 * record ({@link ModelStep}) and forwards what to publish. Undecodable records, invalid values and
 * failures while fitting one model become dead letters; they never stop the application.
 */
final class EpochProcessor implements Processor<String, EpochProcessor.Incoming, String, Emitted> {

    /**
     * An epoch event as it reaches the processor: its bytes (what a dead letter carries) and, when a step before
     * already decoded them (the search router, for an event on its search's partition), the event, so that no event
     * is decoded twice on its way; null otherwise.
     */
    record Incoming(byte[] bytes, EpochMetric decoded) {

        static Incoming undecoded(byte[] bytes) {
            return new Incoming(bytes, null);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(EpochProcessor.class);

    /** Header names on dead letters (see {@link DeadLetterHeaders}). */
    static final String REASON = DeadLetterHeaders.REASON;
    static final String SOURCE_TOPIC = DeadLetterHeaders.SOURCE_TOPIC;
    static final String SOURCE_PARTITION = DeadLetterHeaders.SOURCE_PARTITION;
    static final String SOURCE_OFFSET = DeadLetterHeaders.SOURCE_OFFSET;
    static final String TRUNCATED = DeadLetterHeaders.TRUNCATED;

    /**
     * A dead letter copies what came in, which may itself be near the 1 MiB request limit (or over it, once key,
     * value, headers and a reason quoting them are added). One that cannot be sent kills the stream thread on the
     * same record forever, so the copy is cut to stay well below the limit: key and reason to a few KB, the
     * original headers to {@value #HEADERS_MAX_BYTES} bytes, the value to what is left of
     * {@value #DEAD_LETTER_MAX_BYTES}.
     */
    static final int DEAD_LETTER_MAX_BYTES = 512 * 1024;
    static final int KEY_MAX_CHARS = 1024;
    static final int REASON_MAX_CHARS = 1024;
    static final int HEADERS_MAX_BYTES = 16 * 1024;
    /** Our own headers and the record's overhead: UTF-8 key and reason at 4 bytes a char at worst, and slack. */
    private static final int VALUE_MAX_BYTES = DEAD_LETTER_MAX_BYTES - 4 * (KEY_MAX_CHARS + REASON_MAX_CHARS)
            - HEADERS_MAX_BYTES - 4096;

    private final PredictorSettings settings;
    private final PredictorMetrics metrics;
    private final LongSupplier nanoClock;
    /**
     * Whether records may arrive keyed by search_id: those regrouped through {@link PredictorTopology#BY_SEARCH};
     * the ones already on their search's partition keep their model_id key.
     */
    private final boolean regrouped;
    private final Deserializer<EpochMetric> decoder = EventSerdes.epochMetric().deserializer();

    private ProcessorContext<String, Emitted> context;
    private KeyValueStore<String, ModelRecord> models;
    private SearchStore searches;

    EpochProcessor(PredictorSettings settings, PredictorMetrics metrics, LongSupplier nanoClock) {
        this.settings = settings;
        this.metrics = metrics;
        this.nanoClock = nanoClock;
        this.regrouped = settings.policies().needSearchOrder();
    }

    @Override
    public void init(ProcessorContext<String, Emitted> context) {
        this.context = context;
        this.models = context.getStateStore(PredictorTopology.MODELS_STORE);
        this.searches = new SearchStore(context.getStateStore(PredictorTopology.SEARCHES_STORE));
        context.schedule(settings.expiryScan(), PunctuationType.WALL_CLOCK_TIME, this::expireIdleModels);
    }

    @Override
    public void process(Record<String, Incoming> in) {
        Record<String, byte[]> record = in.withValue(in.value().bytes());
        EpochMetric event = in.value().decoded();
        try {
            if (event == null) {
                event = decoder.deserialize(sourceTopic(), record.value());
            }
        } catch (RuntimeException e) {
            deadLetter(record, "undecodable", "undecodable record: " + e.getMessage());
            return;
        }
        if (event == null) {
            deadLetter(record, "undecodable", "empty record value");
            return;
        }
        // regrouped by search, a model's state lives with its search whatever its key, so only the value is checked
        String key = regrouped && event.getSearchId() != null && event.getSearchId().equals(record.key())
                ? event.getModelId() : record.key();
        Optional<String> problem = EpochCheck.problem(key, event);
        if (problem.isPresent()) {
            deadLetter(record, "invalid", problem.get());
            return;
        }
        boolean searchWide = SearchPolicies.learnsFromSearch(settings.policies().forSearch(event.getSearchId()));
        ModelStep step;
        try {
            step = ModelStep.apply(models.get(event.getModelId()), event, settings.policies(),
                    searchWide ? search(event.getSearchId()) : null, context.currentSystemTimeMs(), nanoClock);
        } catch (RuntimeException e) {
            // a fit that throws is a bug for that model's curve, not a reason to stop every other model
            LOG.warn("failed to process model {} run {} epoch {}", event.getModelId(), event.getRun(),
                    event.getEpoch(), e);
            deadLetter(record, "processing_error", "failed while fitting: " + e);
            return;
        }
        apply(step);
        if (!step.emitted().isEmpty()) {
            // every output is keyed by model_id, also when the events came regrouped by search
            context.forward(record.withKey(event.getModelId()).withValue(step.emitted()));
        }
    }

    private void apply(ModelStep step) {
        metrics.event(step.outcome());
        if (step.fitNanos() >= 0) {
            metrics.fit(step.fitNanos());
        }
        ModelRecord updated = step.record();
        if (updated == null) {
            return;
        }
        models.put(updated.modelId(), updated);
        Emitted out = step.emitted();
        if (out.stop() != null) {
            metrics.stop(out.stop().getReason().name());
        }
        if (out.result() != null) {
            metrics.result(out.result().getStatus().name());
        }
        if (step.search() != null) {
            // a step that changes the search and leaves the model finished is the model's finish
            searches.update(updated.searchId(), step.search(), updated.status().finished() ? updated.state() : null);
        }
    }

    /**
     * What the search has taught its policy so far. The topology routes every event of a search to
     * this task, so this task's store holds the whole search ({@link SearchStore}).
     */
    private SearchState search(String searchId) {
        return searches.get(searchId, settings.policies().forSearch(searchId).populationCapacity());
    }

    private void deadLetter(Record<String, byte[]> record, String kind, String reason) {
        metrics.event(EventOutcome.DEAD_LETTER);
        metrics.deadLetter(kind);
        List<String> cut = new ArrayList<>();
        Headers headers = new RecordHeaders();
        int headerBytes = 0;
        int dropped = 0;
        for (Header h : record.headers()) {
            int size = h.key().length() + (h.value() == null ? 0 : h.value().length);
            if (headerBytes + size > HEADERS_MAX_BYTES) {
                dropped++;
                continue;
            }
            headers.add(h);
            headerBytes += size;
        }
        if (dropped > 0) {
            cut.add(dropped + " of the original headers dropped");
        }
        String key = record.key();
        if (key != null && key.length() > KEY_MAX_CHARS) {
            cut.add("key " + utf8(key).length + " bytes");
            key = key.substring(0, KEY_MAX_CHARS);
        }
        if (reason.length() > REASON_MAX_CHARS) {
            reason = reason.substring(0, REASON_MAX_CHARS) + "... (" + reason.length() + " chars)";
        }
        byte[] value = record.value();
        if (value != null && value.length > VALUE_MAX_BYTES) {
            cut.add("value " + value.length + " bytes");
            value = Arrays.copyOf(value, VALUE_MAX_BYTES);
        }
        headers.add(REASON, utf8(reason));
        Optional<RecordMetadata> source = context.recordMetadata();
        headers.add(SOURCE_TOPIC, utf8(source.map(RecordMetadata::topic).orElse("")));
        headers.add(SOURCE_PARTITION, utf8(source.map(m -> Integer.toString(m.partition())).orElse("")));
        headers.add(SOURCE_OFFSET, utf8(source.map(m -> Long.toString(m.offset())).orElse("")));
        if (!cut.isEmpty()) {
            headers.add(TRUNCATED, utf8("cut to fit a request: " + String.join(", ", cut) + " originally"));
            LOG.warn("dead letter from {} truncated: {}", source, cut);
        }
        LOG.debug("dead letter from {}: {}", source, reason);
        Emitted out = new Emitted(null, null, null, new Emitted.DeadLetter(value, headers));
        context.forward(record.withKey(key).withValue(out).withHeaders(headers));
    }

    private void expireIdleModels(long nowMs) {
        long cutoff = nowMs - settings.idleTimeout().toMillis();
        List<String> idle = new ArrayList<>();
        try (KeyValueIterator<String, ModelRecord> all = models.all()) {
            while (all.hasNext()) {
                KeyValue<String, ModelRecord> entry = all.next();
                if (entry.value.lastUpdateMs() < cutoff) {
                    idle.add(entry.key);
                }
            }
        }
        idle.forEach(models::delete);
        if (!idle.isEmpty()) {
            metrics.expired(idle.size());
            LOG.info("expired {} models idle for more than {}", idle.size(), settings.idleTimeout());
        }
    }

    private String sourceTopic() {
        return context.recordMetadata().map(RecordMetadata::topic).orElse(settings.topics().name(
                org.peng4nn.topics.EventTopic.EPOCHS));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
