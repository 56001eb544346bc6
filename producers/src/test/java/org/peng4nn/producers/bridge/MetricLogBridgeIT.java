package org.peng4nn.producers.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.producers.KafkaFixtures;
import org.peng4nn.producers.EpochReporter;
import org.peng4nn.producers.StopListener;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The bridge between a real trainer process (a bash script writing a Keras-style CSV log slowly,
 * with partial lines, that obeys SIGTERM) and a real broker.
 */
@WithKafkaBroker
class MetricLogBridgeIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-bridge.");
    private static String bootstrap;

    @TempDir
    Path dir;
    private Process trainer;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void topics(KafkaEndpoint kafka) {
        bootstrap = kafka.bootstrapServers();
        KafkaFixtures.createTopics(bootstrap, TOPICS);
    }

    @AfterEach
    void cleanUp() {
        executor.shutdownNow();
        if (trainer != null) {
            trainer.destroyForcibly();
        }
    }

    /**
     * A trainer that creates its log only after a while, then writes one epoch every {@code pauseSeconds}
     * in two halves, and on SIGTERM writes a marker file and exits 0.
     */
    private Process startTrainer(Path log, Path marker, int epochs, String pauseSeconds) throws IOException {
        Path script = dir.resolve("trainer.sh");
        Files.writeString(script, String.join("\n",
                "trap 'echo terminated > \"$2\"; exit 0' TERM",
                "sleep 0.3",
                "echo 'epoch,accuracy,loss,val_accuracy,val_loss' > \"$1\"",
                "for e in $(seq 0 $(($3 - 1))); do",
                "  printf '%d,0.%02d,1.5,' $e $((30 + e)) >> \"$1\"",
                "  sleep 0.05 & wait $!",
                "  printf '0.%02d,1.4\\n' $((40 + e)) >> \"$1\"",
                "  sleep $4 & wait $!",   // wait, not a foreground sleep: the trap runs at once
                "done",
                ""));
        return new ProcessBuilder("bash", script.toString(), log.toString(), marker.toString(),
                Integer.toString(epochs), pauseSeconds).redirectErrorStream(true)
                .redirectOutput(dir.resolve("trainer.out").toFile()).start();
    }

    private BridgeSettings settings(Path log, String model, Path stopFile, String signal) {
        return new BridgeSettings(log, LogFormat.AUTO, null, AccuracyScale.AUTO, 0, "search-it", model, 1, 50,
                LrMilestones.of(30, 40), stopFile, TrainerProcess.of(trainer.pid()), signal, Duration.ofMillis(100));
    }

    @Test
    void publishesTheLogAndOnAStopCommandWritesTheStopFileSignalsTheTrainerAndReturnsTheStopCode() throws Exception {
        Path log = dir.resolve("training.csv");
        Path marker = dir.resolve("got-sigterm");
        Path stopFile = dir.resolve("stop.json");
        trainer = startTrainer(log, marker, 50, "0.2");
        Properties kafka = KafkaFixtures.kafka(bootstrap);
        List<String> said = new CopyOnWriteArrayList<>();

        try (EpochReporter reporter = EpochReporter.create(kafka, TOPICS, "bridge-it");
             StopListener stops = StopListener.create(kafka, TOPICS)) {
            MetricLogBridge bridge = new MetricLogBridge(settings(log, "stopped-model", stopFile, "TERM"),
                    "bridge-it", reporter, stops, said::add);
            Future<BridgeResult> session = executor.submit(bridge::run);

            List<ConsumerRecord<String, EpochMetric>> events =
                    KafkaFixtures.readEpochs(bootstrap, TOPICS, 3, Duration.ofSeconds(30));
            assertThat(events).hasSizeGreaterThanOrEqualTo(3);
            assertThat(events.subList(0, 3)).extracting(r -> r.value().getEpoch()).containsExactly(0.0, 1.0, 2.0);
            assertThat(events.get(1).value().getValue()).isCloseTo(41.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(events.get(1).value().getTrainAccuracy()).isCloseTo(31.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(events.get(0).key()).isEqualTo("stopped-model");
            assertThat(events.get(0).value().getMaxEpochs()).isEqualTo(50);
            assertThat(events).allSatisfy(e -> assertThat(e.value().getLrMilestones()).containsExactly(30.0, 40.0));
            assertThat(session.isDone()).isFalse();

            KafkaFixtures.publish(bootstrap, TOPICS, KafkaFixtures.stop("stopped-model", 1, 2.0));
            BridgeResult result = session.get(30, TimeUnit.SECONDS);

            assertThat(result.outcome()).isEqualTo(BridgeOutcome.STOPPED);
            assertThat(result.outcome().exitCode()).isEqualTo(3);
            assertThat(result.stop().getAtEpoch()).isEqualTo(2.0);
            assertThat(trainer.waitFor(10, TimeUnit.SECONDS)).as("trainer obeyed the signal").isTrue();
            assertThat(trainer.exitValue()).isZero();
            assertThat(Files.readString(marker).strip()).isEqualTo("terminated");
            assertThat(Files.readString(stopFile)).contains("\"model_id\":\"stopped-model\"", "\"reason\":\"CONVERGED\"");
            assertThat(result.published()).isLessThan(50);
            assertThat(said).anyMatch(line -> line.contains("sent SIGTERM to process " + trainer.pid()));
        }
    }

    @Test
    void aSignalThatCannotBeSentIsAFailedStopNotAStop() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        KafkaFixtures.publish(bootstrap, TOPICS, KafkaFixtures.stop("kill-fails", 1, 4.0));
        BridgeSettings settings = new BridgeSettings(dir.resolve("none.csv"), LogFormat.AUTO, null,
                AccuracyScale.AUTO, 0, "search-it", "kill-fails", 1, 50, LrMilestones.NONE, null, TrainerProcess.of(gone.pid()), "TERM",
                Duration.ofMillis(100));
        List<String> said = new CopyOnWriteArrayList<>();

        try (EpochReporter reporter = EpochReporter.create(KafkaFixtures.kafka(bootstrap), TOPICS, "bridge-it");
             StopListener stops = StopListener.create(KafkaFixtures.kafka(bootstrap), TOPICS)) {
            // the stop is known before the first round, which would otherwise see the trainer gone first
            assertThat(stops.awaitCaughtUp(Duration.ofSeconds(30))).isTrue();
            BridgeResult result = executor.submit(new MetricLogBridge(settings, "bridge-it", reporter, stops,
                    said::add)::run).get(30, TimeUnit.SECONDS);

            assertThat(result.outcome()).isEqualTo(BridgeOutcome.STOP_FAILED);
            assertThat(result.outcome().exitCode()).isEqualTo(4);
            assertThat(said).anyMatch(line -> line.contains("FAILED to signal the trainer"));
        }
    }

    @Test
    void aTrainerThatExitsOnItsOwnHasItsWholeLogPublishedFirst() throws Exception {
        Path log = dir.resolve("short.csv");
        trainer = startTrainer(log, dir.resolve("unused"), 4, "0.01");
        Properties kafka = KafkaFixtures.kafka(bootstrap);

        try (EpochReporter reporter = EpochReporter.create(kafka, TOPICS, "bridge-it");
             StopListener stops = StopListener.create(kafka, TOPICS)) {
            BridgeResult result = new MetricLogBridge(settings(log, "short-model", null, null), "bridge-it",
                    reporter, stops, line -> { }).run();

            assertThat(result.outcome()).isEqualTo(BridgeOutcome.TRAINER_EXITED);
            assertThat(result.outcome().exitCode()).isZero();
            assertThat(result.published()).isEqualTo(4);
            assertThat(result.lastEpoch()).isEqualTo(3.0);
        }
        List<ConsumerRecord<String, EpochMetric>> events =
                KafkaFixtures.readEpochs(bootstrap, TOPICS, 100, Duration.ofSeconds(3));
        assertThat(events).filteredOn(r -> r.key().equals("short-model")).extracting(r -> r.value().getValue())
                .containsExactly(40.0, 41.0, 42.0, 43.0);
    }
}
