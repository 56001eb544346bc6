package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.cli.curves.CurveFile;
import org.peng4nn.cli.curves.CurveFormat;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.predictor.replay.CurveReplay;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The topic tools on a real broker: {@code export} writes back the curves a topic was filled with, {@code evaluate}
 * and {@code tune} read a topic as they read a file, and {@code tail} prints every record, a corrupted one as an
 * error line naming its offset.
 */
@WithKafkaBroker(shared = WithKafkaBroker.Shared.SUITE)
class TopicToolsIT {

    /** Every key of evaluate's JSON but the fit times, which are measured, not computed. */
    private static final List<String> FIGURES = List.of("policy", "settings", "models", "epochs_total", "epochs_used",
            "epochs_saved", "stopped", "mae", "top10_recall", "top10_regret", "interval_coverage", "calibration_runs");

    @TempDir
    Path dir;

    /** Six models of 20 epochs that converge at different speeds: some stop early, some do not. */
    private Path curveFile() throws Exception {
        Path curves = dir.resolve("curves.csv");
        StringBuilder csv = new StringBuilder("model_id,epoch,val_acc\n");
        for (int m = 0; m < 6; m++) {
            for (int x = 0; x < 20; x++) {
                csv.append("m").append(m).append(',').append(x).append(',')
                        .append(80 + 2 * m - Math.pow(1.4 + 0.05 * m, 5 - x)).append('\n');
            }
        }
        Files.writeString(curves, csv);
        return curves;
    }

    /** Fills {@code topic} (one partition, so offsets are predictable) with the file's curves as a replay sends them. */
    private static void fill(KafkaEndpoint kafka, String topic, Path file) throws Exception {
        try (Admin admin = Admin.create(client(kafka))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        List<LabeledCurve> curves = new CurveFile(CurveFormat.LONG, CurveFile.Scale.PERCENT).read(file);
        CurveReplay.publish(curves, client(kafka), TopicCatalogue.defaults().epochMetrics().named(topic));
    }

    private static void send(KafkaEndpoint kafka, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(client(kafka), new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static Properties client(KafkaEndpoint kafka) {
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka.bootstrapServers());
        return props;
    }

    private static void assertSameFigures(JsonNode actual, JsonNode expected) {
        for (String key : FIGURES) {
            assertThat(actual.get(key)).as(key).isEqualTo(expected.get(key));
        }
    }

    @Test
    void exportedCurvesGiveTheFiguresOfTheFileThatFilledTheTopic(KafkaEndpoint kafka) throws Exception {
        Path original = curveFile();
        fill(kafka, "export-it.epochs", original);
        Path exported = dir.resolve("out/exported.csv");

        CliRun export = CliRun.of("export", "--from-topic", "export-it.epochs", "--out", exported.toString(),
                "--bootstrap-servers", kafka.bootstrapServers(), "--json");
        assertThat(export.status()).as(export.stderr()).isZero();
        assertThat(export.json().get("curves").asInt()).isEqualTo(6);
        assertThat(export.json().get("evaluations").asInt()).isEqualTo(120);
        assertThat(export.json().get("skipped_records").asInt()).isZero();

        CliRun fromFile = CliRun.of("evaluate", "--input", original.toString(), "--json");
        CliRun fromExport = CliRun.of("evaluate", "--input", exported.toString(), "--json");
        CliRun fromTopic = CliRun.of("evaluate", "--from-topic", "export-it.epochs", "--bootstrap-servers",
                kafka.bootstrapServers(), "--json");
        assertThat(fromTopic.status()).as(fromTopic.stderr()).isZero();
        assertThat(fromFile.json().get("stopped").asInt()).isPositive();
        assertSameFigures(fromExport.json(), fromFile.json());
        assertSameFigures(fromTopic.json(), fromFile.json());
        assertThat(fromTopic.json().get("skipped_records").asInt()).isZero();
        assertThat(fromTopic.stderr()).contains("on export-it.epochs");
    }

    @Test
    void tailPrintsEveryRecordAndACorruptedOneAsAnErrorLineNamingItsOffset(KafkaEndpoint kafka) throws Exception {
        fill(kafka, "tail-it.epochs", curveFile());
        send(kafka, "tail-it.epochs", "m0", "corrupted".getBytes(StandardCharsets.UTF_8));   // offset 120
        send(kafka, "tail-it.epochs", "m0", EventSerdes.epochMetric().serialize("tail-it.epochs",
                EpochMetrics.valAccuracy("replay", "m0", 2, "t", 0, 20, 70.0, 1.0, Instant.now()).build()));  // offset 121

        CliRun tail = CliRun.of("tail", "tail-it.epochs", "--from-beginning", "--bootstrap-servers",
                kafka.bootstrapServers());

        assertThat(tail.status()).as(tail.stderr()).isZero();
        List<JsonNode> lines = lines(tail.stdout());
        assertThat(lines).hasSize(122);
        JsonNode bad = lines.get(120);
        assertThat(bad.get("error").asText()).isEqualTo("BAD_HEADER");
        assertThat(bad.get("topic").asText()).isEqualTo("tail-it.epochs");
        assertThat(bad.get("partition").asInt()).isZero();
        assertThat(bad.get("offset").asLong()).isEqualTo(120);
        assertThat(lines.get(121).get("value").get("model_id").asText()).isEqualTo("m0");
        assertThat(lines.stream().filter(l -> l.has("error"))).hasSize(1);
        assertThat(tail.stderr()).contains("122 records printed, 1 undecodable");

        // the last records of each partition (119: m5's last evaluation), then the filters
        CliRun last = CliRun.of("tail", "tail-it.epochs", "--last", "3", "--model", "m0", "--bootstrap-servers",
                kafka.bootstrapServers());
        assertThat(lines(last.stdout())).extracting(l -> l.get("offset").asLong()).containsExactly(120L, 121L);
        CliRun m5 = CliRun.of("tail", "tail-it.epochs", "--from-beginning", "--model", "m5", "--search", "replay",
                "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(lines(m5.stdout())).hasSize(21).allSatisfy(l -> assertThat(l.has("error")
                || l.get("value").get("model_id").asText().equals("m5")).isTrue());
    }

    @Test
    void aHistoricalTopicWithABadRecordIsEvaluatedWithoutItAndSaysSo(KafkaEndpoint kafka) throws Exception {
        Path original = curveFile();
        fill(kafka, "bad-it.epochs", original);
        send(kafka, "bad-it.epochs", "m3", new byte[] {(byte) 0xC3, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9});   // offset 120

        CliRun evaluate = CliRun.of("evaluate", "--from-topic", "bad-it.epochs", "--bootstrap-servers",
                kafka.bootstrapServers(), "--json");

        assertThat(evaluate.status()).as(evaluate.stderr()).isZero();
        assertThat(evaluate.json().get("skipped_records").asInt()).isEqualTo(1);
        assertThat(evaluate.json().get("topic_records").asInt()).isEqualTo(121);
        assertThat(evaluate.stderr()).contains("skipped 1 records (1 undecodable, 0 invalid")
                .contains("bad-it.epochs-0 at offset 120: UNKNOWN_SCHEMA");
        assertSameFigures(evaluate.json(), CliRun.of("evaluate", "--input", original.toString(), "--json").json());

        CliRun tune = CliRun.of("tune", "--from-topic", "bad-it.epochs", "--grid", "tol=0.5,1",
                "--out", dir.resolve("tune").toString(), "--bootstrap-servers", kafka.bootstrapServers(), "--json");
        assertThat(tune.status()).as(tune.stderr()).isZero();
        assertThat(tune.json().get("settings").asInt()).isEqualTo(2);
        assertThat(tune.json().get("skipped_records").asInt()).isEqualTo(1);
        assertThat(dir.resolve("tune/pareto.png")).isNotEmptyFile();

        CliRun export = CliRun.of("export", "--from-topic", "bad-it.epochs", "--out", dir.resolve("x.csv").toString(),
                "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(export.stderr()).contains("wrote 6 curves (120 evaluations) of bad-it.epochs")
                .contains("1 records skipped");
    }

    @Test
    void curvesComeFromExactlyOneOfFileAndTopic(KafkaEndpoint kafka) throws Exception {
        CliRun both = CliRun.of("evaluate", "--input", curveFile().toString(), "--from-topic", "peng4nn.epochs");
        assertThat(both.status()).isEqualTo(2);
        assertThat(both.stderr()).contains("error: give either --input FILE or --from-topic TOPIC");
        CliRun neither = CliRun.of("tune", "--out", dir.toString());
        assertThat(neither.status()).isEqualTo(2);
        assertThat(neither.stderr()).contains("error: give either --input FILE or --from-topic TOPIC");
        CliRun results = CliRun.of("evaluate", "--from-topic", "peng4nn.results");
        assertThat(results.status()).isEqualTo(2);
        assertThat(results.stderr()).contains("a results topic; learning curves are on an epochs topic");
        CliRun missing = CliRun.of("export", "--from-topic", "no-such.epochs", "--out", dir.resolve("y.csv").toString(),
                "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.stderr()).contains("error: --from-topic no-such.epochs: topic no-such.epochs does not exist");
        CliRun notOurs = CliRun.of("tail", "orders", "--bootstrap-servers", kafka.bootstrapServers());
        assertThat(notOurs.status()).isEqualTo(2);
        assertThat(notOurs.stderr()).contains("'orders' is not a topic of the project");
    }

    private static List<JsonNode> lines(String stdout) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stdout.split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }
}
