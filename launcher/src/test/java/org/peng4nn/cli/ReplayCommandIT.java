package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventSerdes;

/** {@code replay} streams a curve file through a real predictor and reports what {@code evaluate} reports. */
@WithKafkaBroker(shared = WithKafkaBroker.Shared.SUITE)
class ReplayCommandIT {

    @TempDir
    Path dir;

    private static double accuracy(int model, int epoch) {
        return 80 + 2 * model - Math.pow(1.4 + 0.05 * model, 5 - epoch);
    }

    private Path curveFile() throws Exception {
        Path curves = dir.resolve("curves.csv");
        StringBuilder csv = new StringBuilder("model_id,epoch,val_acc\n");
        for (int m = 0; m < 6; m++) {
            for (int x = 0; x < 20; x++) {
                csv.append("m").append(m).append(',').append(x).append(',').append(accuracy(m, x)).append('\n');
            }
        }
        Files.writeString(curves, csv);
        return curves;
    }

    @Test
    void replayOfAFileGivesTheMetricsOfEvaluate(KafkaEndpoint kafka) throws Exception {
        Path curves = curveFile();
        CliRun offline = CliRun.of("evaluate", "--input", curves.toString(), "--json");
        CliRun replay = CliRun.of("replay", "--input", curves.toString(), "--bootstrap-servers",
                kafka.bootstrapServers(), "--json");

        assertThat(replay.status()).as(replay.stderr()).isZero();
        JsonNode expected = offline.json();
        JsonNode actual = replay.json();
        for (String key : new String[] {"models", "epochs_total", "epochs_used", "stopped", "mae", "top10_recall",
                "top10_regret"}) {
            assertThat(actual.get(key)).as(key).isEqualTo(expected.get(key));
        }
        assertThat(actual.get("stopped").asInt()).isPositive();
        assertThat(actual.get("namespace").asText()).startsWith("replay-");
    }

    @Test
    void replayOfATopicTakesEachModelsLatestRunAndSkipsBadRecords(KafkaEndpoint kafka) throws Exception {
        String topic = "it-history.epochs";
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            var serde = EventSerdes.epochMetric().serializer();
            producer.send(new ProducerRecord<>(topic, "m0", "garbage".getBytes(StandardCharsets.UTF_8)));
            for (int m = 0; m < 6; m++) {
                // an abandoned first run of m0, superseded by run 2
                int run = m == 0 ? 2 : 1;
                if (m == 0) {
                    producer.send(new ProducerRecord<>(topic, "m0", serde.serialize(topic, event("m0", 1, 0, 10.0))));
                }
                for (int x = 0; x < 20; x++) {
                    producer.send(new ProducerRecord<>(topic, "m" + m,
                            serde.serialize(topic, event("m" + m, run, x, accuracy(m, x)))));
                }
            }
        }
        CliRun offline = CliRun.of("evaluate", "--input", curveFile().toString(), "--json");
        CliRun replay = CliRun.of("replay", "--from-topic", topic, "--bootstrap-servers", kafka.bootstrapServers(),
                "--json");

        assertThat(replay.status()).as(replay.stderr()).isZero();
        assertThat(replay.stderr()).contains("6 curves (each model's latest run)").contains("older run: 1");
        assertThat(replay.json().get("models").asInt()).isEqualTo(6);
        assertThat(replay.json().get("epochs_used")).isEqualTo(offline.json().get("epochs_used"));
        assertThat(replay.json().get("mae")).isEqualTo(offline.json().get("mae"));
    }

    private static EpochMetric event(String model, int run, int epoch, double value) {
        return EpochMetric.newBuilder().setSearchId("history").setModelId(model).setRun(run).setTrainerId("t")
                .setEpoch(epoch).setMaxEpochs(20).setValue(value).setEventTime(Instant.now()).build();
    }

    @Test
    void fromTopicNeedsACluster() {
        CliRun r = CliRun.of("replay", "--from-topic", "peng4nn.epochs");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.stderr()).contains("--from-topic needs a bootstrap address");
    }
}
