package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.EventTopic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * {@code ./peng4nn predictor} as a process: what an operator sees when a second instance shares the machine's
 * state directory, and what SIGTERM leaves behind for the restart (a clean close: the JVM waits for it).
 */
@WithKafkaBroker
class PredictorCommandProcessIT {

    private static final String PREFIX = "sigterm.";

    @TempDir
    Path work;

    private static ChildJvm predictor(KafkaEndpoint kafka, Path stateDir, Path log) throws IOException {
        return ChildJvm.peng4nn(log, "predictor", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix",
                PREFIX, "--http-port", "0", "--state-dir", stateDir.toString());
    }

    @Test
    void aSecondInstanceOnTheSameStateDirSaysSoAndSigtermClosesCleanly(KafkaEndpoint kafka) throws Exception {
        Path stateDir = work.resolve("state");
        Path firstLog = work.resolve("first.log");
        ChildJvm first = predictor(kafka, stateDir, firstLog);
        try {
            String api = first.awaitPredictorRunning(1).group(1);

            Path secondLog = work.resolve("second.log");
            Process second = predictor(kafka, stateDir, secondLog).process();
            assertThat(second.waitFor(2, TimeUnit.MINUTES)).as("second instance exits").isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            List<String> errors = ChildJvm.lines(secondLog).stream().filter(l -> l.startsWith("error:")).toList();
            assertThat(errors).as("log %s", secondLog).containsExactly("error: state directory " + stateDir + " is "
                    + "locked by another predictor on this machine; give this instance its own with --state-dir DIR");
            assertThat(ChildJvm.lines(secondLog)).noneMatch(l -> l.startsWith("\tat org.apache.kafka"));

            publish(kafka);
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest models = HttpRequest.newBuilder(URI.create(api + "/models")).build();
            ChildJvm.poll(Duration.ofMinutes(1), Duration.ofMillis(200),
                    () -> http.send(models, HttpResponse.BodyHandlers.ofString()).body().contains("sig-m2"));

            first.process().destroy(); // SIGTERM
            assertThat(first.process().waitFor(PredictorCommand.SHUTDOWN_WAIT.toSeconds() + 15, TimeUnit.SECONDS))
                    .as("exits after SIGTERM").isTrue();
            assertThat(first.text()).as("log %s", firstLog).doesNotContain("Exception");
        } finally {
            first.process().destroyForcibly().waitFor();
        }

        Path restartLog = work.resolve("restart.log");
        long start = System.nanoTime();
        ChildJvm restarted = predictor(kafka, stateDir, restartLog);
        try {
            restarted.awaitPredictorRunning(1);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("restart after SIGTERM running in %.1f s%n", seconds);
            // Kafka Streams 4.4 keeps the changelog offsets in the stores themselves (no .checkpoint files): a clean
            // close shows as no corrupted task, nothing wiped, nothing restored
            assertThat(restarted.text()).as("log %s", restartLog).doesNotContain("TaskCorruptedException")
                    .doesNotContainIgnoringCase("corrupted");
            // the closed instance left the group: no wait for its session to time out (45 s)
            assertThat(seconds).as("seconds to RUNNING after the restart").isLessThan(30);
        } finally {
            restarted.stop(Duration.ofSeconds(60));
        }
    }

    private static void publish(KafkaEndpoint kafka) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        String topic = TopicCatalogue.withPrefix(PREFIX).name(EventTopic.EPOCHS);
        try (KafkaProducer<String, EpochMetric> producer = new KafkaProducer<>(props, new StringSerializer(),
                EventSerdes.epochMetric().serializer())) {
            for (int m = 0; m < 3; m++) {
                for (int e = 0; e < 5; e++) {
                    producer.send(new ProducerRecord<>(topic, "sig-m" + m, EpochMetric.newBuilder().setSearchId("sig")
                            .setModelId("sig-m" + m).setRun(1).setTrainerId("it").setEpoch(e).setMaxEpochs(25)
                            .setValue(40 + 5 * e).setEventTime(Instant.now()).build())).get();
                }
            }
        }
    }
}
