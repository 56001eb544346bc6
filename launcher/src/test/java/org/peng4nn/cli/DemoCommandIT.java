package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The whole system on a real broker: two DL4J workers train the six networks of a search, the predictor stops
 * some of them, the workers obey, and every network ends with exactly one result.
 */
@WithKafkaBroker
class DemoCommandIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix(TopicCatalogue.DEFAULT_PREFIX);

    @TempDir
    Path dir;

    @Test
    void twoWorkersSixJobsSomeStoppedEarlyEachWithExactlyOneResult(KafkaEndpoint kafka) throws Exception {
        // penguin, the paper's policy, stops readily on short noisy curves; the default ensemble may not in 10 epochs.
        // One ND4J thread per worker: the same curves on machines with more cores.
        CliRun demo = CliRun.of("demo", "--bootstrap-servers", kafka.bootstrapServers(), "--models", "6",
                "--max-epochs", "10", "--workers", "2", "--threads", "1", "--limit", "600", "--policy", "penguin",
                "--seed", "3",
                "--out", dir.toString(), "--json");

        assertThat(demo.status()).as(demo.stderr()).isZero();
        assertThat(demo.stderr()).contains("SYNTHETIC");
        JsonNode json = demo.json();
        assertThat(json.get("models").asInt()).isEqualTo(6);
        assertThat(json.get("failed").asInt()).isZero();
        assertThat(json.get("missing").asInt()).isZero();
        assertThat(json.get("stopped_early").asInt()).isPositive();
        assertThat(json.get("epochs_budget").asInt()).isEqualTo(60);
        assertThat(json.get("epochs_used").asDouble()).isLessThan(60);
        String search = json.get("search_id").asText();
        assertThat(json.get("dashboard_url").asText()).startsWith("http://").endsWith("/dashboard#" + search);
        assertThat(Files.readAllLines(dir.resolve("leaderboard.csv"))).hasSize(7);
        assertThat(Files.readAllLines(dir.resolve("curves.csv")).stream().skip(1).map(line -> line.split(",")[0])
                .distinct()).hasSize(6).allMatch(model -> model.startsWith(search));
        assertThat(Files.readAllBytes(dir.resolve("curves.png"))).startsWith(0x89, 'P', 'N', 'G');

        List<ModelResult> results = values(read(kafka, EventTopic.RESULTS, EventSerdes.modelResult().deserializer()));
        Map<String, Long> resultsPerModel = results.stream()
                .collect(Collectors.groupingBy(ModelResult::getModelId, Collectors.counting()));
        assertThat(resultsPerModel).hasSize(6).allSatisfy((model, count) -> {
            assertThat(model).startsWith(search);
            assertThat(count).as("results of %s", model).isEqualTo(1);
        });

        Map<String, StopCommand> stops = new HashMap<>();
        for (StopCommand stop : values(read(kafka, EventTopic.CONTROL, EventSerdes.stopCommand().deserializer()))) {
            assertThat(stops.put(stop.getModelId(), stop)).as("second stop of %s", stop.getModelId()).isNull();
        }
        Set<String> stoppedEarly = results.stream().filter(r -> r.getStatus() == ResultStatus.STOPPED_EARLY)
                .map(ModelResult::getModelId).collect(Collectors.toSet());
        assertThat(stops.keySet()).isEqualTo(stoppedEarly).hasSize(json.get("stopped_early").asInt());

        List<EpochMetric> epochs = values(read(kafka, EventTopic.EPOCHS, EventSerdes.epochMetric().deserializer()));
        Set<String> trainers = new HashSet<>();
        Map<String, Double> lastEpoch = new HashMap<>();
        for (EpochMetric e : epochs) {
            trainers.add(e.getTrainerId());
            lastEpoch.merge(e.getModelId(), e.getEpoch(), Math::max);
        }
        assertThat(trainers).as("both workers trained").hasSize(2);
        stops.forEach((model, stop) -> assertThat(lastEpoch.get(model))
                .as("%s trained past its stop at epoch %s", model, stop.getAtEpoch())
                .isLessThanOrEqualTo(stop.getAtEpoch() + 1));
    }

    private static <V> List<V> values(List<ConsumerRecord<String, V>> records) {
        return records.stream().map(ConsumerRecord::value).toList();
    }

    /** Every committed record of one topic, to its end. */
    private static <V> List<ConsumerRecord<String, V>> read(KafkaEndpoint kafka, EventTopic topic,
            Deserializer<V> values) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(props, new StringDeserializer(), values)) {
            String name = TOPICS.name(topic);
            List<TopicPartition> partitions = consumer.partitionsFor(name).stream()
                    .map(p -> new TopicPartition(name, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("%s read to its end in 30 s", name).isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
