package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.TrainingJob;
import org.peng4nn.events.serde.EventSerdes;
import org.peng4nn.topics.TopicCatalogue;
import picocli.CommandLine;

/** {@code ./peng4nn search} end to end on a real broker, the test answering every job as trainers would. */
@WithKafkaBroker
class SearchCommandIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-search-cli.");

    @TempDir
    Path dir;

    @Test
    void searchesPrintsTheLeaderboardWritesTheCsvAndEndsWithTheJsonSummary(KafkaEndpoint kafka) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread trainers = new Thread(() -> answerJobs(kafka.bootstrapServers(), running), "fake-trainers");
        trainers.start();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
            CommandLine cli = Peng4nn.commandLine();
            cli.setErr(new PrintWriter(new StringWriter(), true));
            status = cli.execute("search", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix",
                    TOPICS.prefix(), "--strategy", "nsga2", "--population", "3", "--generations", "2", "--max-epochs",
                    "10", "--search-id", "cli", "--timeout", "60s", "--out", dir.toString(), "--json");
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            running.set(false);
            trainers.join(10_000);
        }

        assertThat(status).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).strip().lines().toList();
        assertThat(lines).hasSize(1 + 6 + 1); // table header, 6 networks, JSON
        assertThat(lines.get(0)).contains("rank", "fitness", "architecture");
        JsonNode json = new ObjectMapper().readTree(lines.get(lines.size() - 1));
        assertThat(json.get("models").asInt()).isEqualTo(6);
        assertThat(json.get("stopped_early").asInt()).isEqualTo(6);
        assertThat(json.get("epochs_used").asDouble()).isEqualTo(6 * 4.0);
        assertThat(json.get("epochs_budget").asInt()).isEqualTo(60);
        assertThat(json.get("epochs_saved").asDouble()).isEqualTo(0.6);
        String best = json.get("best_model").asText();
        assertThat(best).startsWith("cli-g");
        assertThat(json.get("best_fitness").asDouble())
                .isEqualTo(fitness(Architecture.parse(json.get("best_architecture").asText())));

        List<String> csv = Files.readAllLines(dir.resolve("leaderboard.csv"));
        assertThat(csv).hasSize(7);
        assertThat(csv.get(1)).startsWith("1," + best + ",");
    }

    static double fitness(Architecture architecture) {
        return 40 + 5 * architecture.blocks().size() + architecture.denseUnits() / 32.0;
    }

    /** Answers every job with a result stopped early at epoch 4, its fitness a function of the architecture. */
    private static void answerJobs(String bootstrapServers, AtomicBoolean running) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        try (KafkaConsumer<String, TrainingJob> jobs = new KafkaConsumer<>(config, new StringDeserializer(),
                EventSerdes.trainingJob());
             KafkaProducer<String, ModelResult> results = new KafkaProducer<>(config, new StringSerializer(),
                     EventSerdes.modelResult())) {
            List<TopicPartition> partitions = List.of();
            while (running.get() && partitions.isEmpty()) {
                // the command creates the topics: wait for them
                partitions = jobs.listTopics().containsKey(TOPICS.jobs().name())
                        ? jobs.partitionsFor(TOPICS.jobs().name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList()
                        : List.of();
                sleep();
            }
            jobs.assign(partitions);
            jobs.seekToBeginning(partitions);
            while (running.get()) {
                for (var record : jobs.poll(Duration.ofMillis(100))) {
                    TrainingJob job = record.value();
                    double fitness = fitness(Architecture.parse(job.getArchitecture()));
                    results.send(new ProducerRecord<>(TOPICS.results().name(), job.getModelId(), ModelResult.newBuilder()
                            .setSearchId(job.getSearchId()).setModelId(job.getModelId()).setRun(job.getRun())
                            .setStatus(ResultStatus.STOPPED_EARLY).setEpochsUsed(4).setMaxEpochs(job.getMaxEpochs())
                            .setObservedFinal(fitness - 5).setPredictedFinal(fitness).setFitness(fitness)
                            .setArchitecture(job.getArchitecture()).setFinishedAt(Instant.now()).build()));
                }
                results.flush();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
