package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.Evaluator;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.evaluation.ModelOutcome;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.predictor.replay.CurveReplay;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The 100 real A4NN curves streamed concurrently through a predictor on a real broker, under
 * exactly-once, give exactly the decisions {@code evaluate} gives, and exactly one StopCommand per
 * stopped model.
 */
@WithKafkaBroker
class StreamingMatchesEvaluateIT {

    @TempDir
    Path work;

    @Test
    void sameDecisionsAsEvaluateAndOneStopPerStoppedModel(KafkaEndpoint kafka) throws Exception {
        List<LabeledCurve> curves = A4nnLabeledCurves.load();
        // the replay sends every model at once, one evaluation of each per round
        EvaluationReport offline = new Evaluator(Policies.byName(Policies.DEFAULT), curves.size(), new double[0],
                System::nanoTime).evaluate(curves, (done, total) -> { });

        PredictorConfig config = PredictorConfig.defaults().with("bootstrap.servers", kafka.bootstrapServers());
        CurveReplay.ReplayResult streamed = CurveReplay.run(curves, config, work, Duration.ofMinutes(3), true,
                (done, total) -> { });

        assertThat(streamed.report().models()).isEqualTo(100);
        for (int i = 0; i < curves.size(); i++) {
            ModelOutcome expected = offline.outcomes().get(i);
            ModelOutcome actual = streamed.report().outcomes().get(i);
            assertThat(actual.stopIndex()).as("stop of %s", expected.modelId()).isEqualTo(expected.stopIndex());
            assertThat(actual.fitness()).as("fitness of %s", expected.modelId()).isEqualTo(expected.fitness());
        }
        assertThat(streamed.report().epochsUsed()).isEqualTo(offline.epochsUsed());
        assertThat(streamed.report().stopped()).isEqualTo(offline.stopped()).isPositive();

        Map<String, Integer> stops = stopCommands(kafka, TopicCatalogue.withPrefix(streamed.namespace() + "."));
        assertThat(stops).hasSize(offline.stopped());
        assertThat(stops.values()).containsOnly(1);
    }

    /** StopCommands per model, as a read_committed consumer sees them. */
    static Map<String, Integer> stopCommands(KafkaEndpoint kafka, TopicCatalogue topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Integer> counts = new HashMap<>();
        try (KafkaConsumer<String, StopCommand> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                EventSerdes.stopCommand().deserializer())) {
            String topic = topics.name(EventTopic.CONTROL);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> counts.merge(r.key(), 1, Integer::sum));
            }
        }
        return counts;
    }
}
