package org.peng4nn.predictor;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicCatalogue;

/** The predictor topology in a TopologyTestDriver, with typed topics and epoch-event builders. */
final class PredictorFixture implements AutoCloseable {

    static final Duration IDLE = Duration.ofHours(1);
    static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    final TopicCatalogue topics = TopicCatalogue.defaults();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> epochs;
    final TestOutputTopic<String, Prediction> predictions;
    final TestOutputTopic<String, StopCommand> control;
    final TestOutputTopic<String, ModelResult> results;
    final TestOutputTopic<String, byte[]> dlq;

    PredictorFixture(SearchPolicies policies) {
        this(policies, OptionalInt.empty());
    }

    /**
     * @param epochsPartitions what the topology is told of the epochs topic. The driver feeds every record on
     *                         partition 0, so under a policy that learns from its search an event whose search maps
     *                         to partition 0 is decided where it arrives and any other is regrouped; unknown: all are
     */
    PredictorFixture(SearchPolicies policies, OptionalInt epochsPartitions) {
        PredictorSettings settings = new PredictorSettings(topics, policies, IDLE, Duration.ofMinutes(1));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "predictor-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, java.nio.file.Files.createTempDirectory("predictor-ttd").toString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        long[] fakeNanos = {0};
        driver = new TopologyTestDriver(PredictorTopology.build(settings, new PredictorMetrics(registry),
                epochsPartitions, () -> fakeNanos[0] += 1_000), props, START);
        epochs = driver.createInputTopic(topics.name(EventTopic.EPOCHS), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        predictions = driver.createOutputTopic(topics.name(EventTopic.PREDICTIONS), Serdes.String().deserializer(),
                EventSerdes.prediction().deserializer());
        control = driver.createOutputTopic(topics.name(EventTopic.CONTROL), Serdes.String().deserializer(),
                EventSerdes.stopCommand().deserializer());
        results = driver.createOutputTopic(topics.name(EventTopic.RESULTS), Serdes.String().deserializer(),
                EventSerdes.modelResult().deserializer());
        dlq = driver.createOutputTopic(topics.name(EventTopic.DLQ), Serdes.String().deserializer(),
                Serdes.ByteArray().deserializer());
    }

    static EpochMetric.Builder event(String model, int run, double epoch, int maxEpochs, double value) {
        return EpochMetric.newBuilder().setSearchId("s1").setModelId(model).setRun(run).setTrainerId("t1")
                .setEpoch(epoch).setMaxEpochs(maxEpochs).setMetric("val_acc").setValue(value)
                .setEventTime(START);
    }

    void send(EpochMetric e) {
        send(e.getModelId(), e);
    }

    void send(String key, EpochMetric e) {
        epochs.pipeInput(key, EventSerdes.epochMetric().serializer().serialize("t", e));
    }

    /** Sends the first {@code n} points of {@code curve} for a model with a budget of {@code curve.length} epochs. */
    void sendCurve(String model, int run, double[] curve, int n) {
        for (int i = 0; i < n; i++) {
            send(event(model, run, i, curve.length, curve[i]).build());
        }
    }

    KeyValueStore<String, ModelRecord> models() {
        return driver.getKeyValueStore(PredictorTopology.MODELS_STORE);
    }

    KeyValueStore<String, byte[]> searches() {
        return driver.getKeyValueStore(PredictorTopology.SEARCHES_STORE);
    }

    List<TestRecord<String, StopCommand>> stops() {
        return control.readRecordsToList();
    }

    double count(String meter, String tag, String value) {
        var counter = registry.find(meter).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A curve of the PEng4NN family a - b^(c - x): noise-free, so every policy converges on it early. */
    static double[] smoothCurve(int epochs) {
        double[] acc = new double[epochs];
        for (int x = 0; x < epochs; x++) {
            acc[x] = 90 - Math.pow(1.5, 4 - x);
        }
        return acc;
    }

    @Override
    public void close() {
        driver.close();
    }
}
