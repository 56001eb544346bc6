package org.peng4nn.producers.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.predictor.PredictorApp;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.producers.KafkaFixtures;
import org.peng4nn.topics.SearchPartitioner;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The Python client against a real broker and a running predictor: its broker tests
 * ({@code python/tests/test_kafka.py}) and a PyTorch training loop that the predictor stops
 * ({@code test_torch_stop.py}). Skipped, saying why, where {@code /usr/bin/python3} lacks the Debian
 * packages; {@code .ci/run} installs them.
 */
@WithKafkaBroker
class PythonClientIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-python.");
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    static Path home;
    private static String bootstrap;
    private static PredictorApp predictor;

    private static String missing;

    @BeforeAll
    static void brokerAndPredictor(KafkaEndpoint kafka) throws Exception {
        missing = Python.missing("avro", "confluent_kafka");
        if (missing != null) {
            return;
        }
        bootstrap = kafka.bootstrapServers();
        KafkaFixtures.createTopics(bootstrap, TOPICS);
        predictor = PredictorApp.start(PredictorConfig.defaults()
                .with("bootstrap.servers", bootstrap)
                .with("application.id", "it-python-predictor")
                .with("topics.prefix", TOPICS.prefix())
                .with("http.enabled", "false"), home, Duration.ofSeconds(60));
    }

    // per test, not in @BeforeAll: Surefire then lists each test as skipped, with the reason
    @BeforeEach
    void python() {
        assumeTrue(missing == null, () -> "Python client tests skipped: " + missing + " (" + Python.INSTALL_HINT + ")");
    }

    @AfterAll
    static void stopPredictor() {
        if (predictor != null) {
            predictor.close();
        }
    }

    private static Map<String, String> env() {
        return Map.of("PENG4NN_TEST_BOOTSTRAP", bootstrap, "PENG4NN_TEST_TOPIC_PREFIX", TOPICS.prefix());
    }

    @Test
    void theReporterAndTheListenerWorkAgainstTheBroker() {
        Python.Result result = Python.run(env(), TIMEOUT, "-m", "unittest", "-v", "tests.test_kafka");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK").doesNotContainPattern(Python.SKIPPED)
                .contains("test_a_bad_record_on_the_control_topic_is_skipped_with_a_warning");

        // Python picks the partition Java's SearchPartitioner would for the same search, so a model's points stay
        // in order and the predictor decides them without regrouping them
        var epochs = KafkaFixtures.readEpochs(bootstrap, TOPICS, Integer.MAX_VALUE, Duration.ofSeconds(3));
        int partitions = TOPICS.epochs().partitions();
        assertThat(epochs).filteredOn(r -> "py-reporter".equals(r.key())).hasSize(3)
                .extracting(ConsumerRecord::partition)
                .containsOnly(SearchPartitioner.partitionOf("py-it", partitions));
        assertThat(epochs).filteredOn(r -> "py-reporter".equals(r.key())).extracting(ConsumerRecord::value)
                .extracting(EpochMetric::getTrainerId).containsOnly("py-trainer");
    }

    @Test
    void aPyTorchTrainingLoopIsStoppedByThePredictorBeforeItsBudget() {
        String missing = Python.missing("torch");
        assumeTrue(missing == null, () -> "PyTorch loop test skipped: " + missing + " (" + Python.INSTALL_HINT + ")");

        Python.Result result = Python.run(env(), TIMEOUT, "-m", "unittest", "-v", "tests.test_torch_stop");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("OK").doesNotContainPattern(Python.SKIPPED).containsPattern("stopped after \\d+ of 25");
    }
}
