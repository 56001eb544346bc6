package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.EventSerdes;
import picocli.CommandLine;

/**
 * Issue 16 item 1, one fault: the broker frozen with SIGSTOP for longer than the predictor's session
 * timeout while epochs stream in, then resumed. Every model still gets exactly one result and at most one
 * stop (read committed: what consumers of an exactly-once predictor see), and the time from SIGCONT until
 * the last result is printed for docs/RELIABILITY.md.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BrokerPauseIT {

    private static final String PREFIX = "pause.";
    private static final int MODELS = 20;
    private static final int EPOCHS = 25;
    /** The broker's minimum (group.min.session.timeout.ms), so that the pause below outlasts it quickly. */
    private static final int SESSION_TIMEOUT_MS = 6_000;
    private static final Duration PAUSE = Duration.ofSeconds(10);

    @TempDir
    static Path dir;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(BrokerOptions.defaults().withPartitions(3));
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            signal("CONT"); // never leave a frozen broker behind a failed test
            broker.close();
        }
    }

    @Test
    void everyModelGetsExactlyOneResultAfterTheBrokerWasFrozenBeyondTheSessionTimeout() throws Exception {
        CommandLine predictorCli = Peng4nn.commandLine();
        List<String> args = List.of("predictor", "--policy", "penguin", "--topic-prefix", PREFIX, "--http-port", "0",
                "--bootstrap-servers", broker.bootstrapServers(), "-k", "state.dir=" + dir.resolve("state"),
                "-k", "application.id=peng4nn-pause-it", "-k", "session.timeout.ms=" + SESSION_TIMEOUT_MS,
                "-k", "heartbeat.interval.ms=1000");
        CompletableFuture<Integer> predictor = CompletableFuture.supplyAsync(
                () -> predictorCli.execute(args.toArray(String[]::new)));
        Set<String> membersBefore = awaitStableGroup("peng4nn-pause-it");
        Instant resumed;
        try (KafkaProducer<String, EpochMetric> producer = producer()) {
            // the first half of every curve, then the freeze, then the second half
            send(producer, 0, EPOCHS / 2);
            Thread.sleep(3_000);
            signal("STOP");
            Thread.sleep(PAUSE.toMillis());
            signal("CONT");
            resumed = Instant.now();
            send(producer, EPOCHS / 2, EPOCHS);
        }
        Map<String, Integer> results = new HashMap<>();
        Map<String, Integer> stops = new HashMap<>();
        Instant lastResult = collect(results, stops);
        // a member the broker expired during the freeze rejoins under a new id: says whether the fault bit
        boolean replaced = !awaitStableGroup("peng4nn-pause-it").equals(membersBefore);
        ((PredictorCommand) predictorCli.getSubcommands().get("predictor").getCommand()).stopped.countDown();
        assertThat(predictor.get(1, TimeUnit.MINUTES)).isZero();

        System.out.printf("broker pause: %d models, results %d, stops %d, last result %d ms after SIGCONT, "
                + "group member replaced: %s%n", MODELS, results.size(), stops.size(),
                Duration.between(resumed, lastResult).toMillis(), replaced);
        assertThat(results).hasSize(MODELS).allSatisfy((model, count) -> assertThat(count).as(model).isEqualTo(1));
        assertThat(stops).allSatisfy((model, count) -> assertThat(count).as(model).isEqualTo(1));
    }

    private static void send(KafkaProducer<String, EpochMetric> producer, int from, int to) {
        for (int x = from; x < to; x++) {
            for (int m = 0; m < MODELS; m++) {
                String model = "m" + m;
                // half the curves converge fast, half rise linearly with a wobble
                double value = m % 2 == 0 ? 90 - Math.pow(1.5, 4 - x) : 20 + 2.5 * x + (x % 3);
                producer.send(new ProducerRecord<>(PREFIX + "epochs", model, EpochMetric.newBuilder()
                        .setSearchId("pause").setModelId(model).setRun(1).setTrainerId("t1").setEpoch(x)
                        .setMaxEpochs(EPOCHS).setMetric("val_acc").setValue(value).setEventTime(Instant.now()).build()));
            }
        }
        producer.flush();
    }

    /** Reads results and stops until every model has a result and nothing more comes for 5 s. */
    private static Instant collect(Map<String, Integer> results, Map<String, Integer> stops) {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "pause-it-check");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Instant last = null;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            consumer.subscribe(List.of(PREFIX + "results", PREFIX + "control"));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            long quietSince = System.nanoTime();
            while (System.nanoTime() < deadline) {
                var records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.topic().endsWith("results")) {
                        ModelResult result = EventSerdes.modelResult().deserialize(r.topic(), r.value());
                        results.merge(result.getModelId(), 1, Integer::sum);
                        last = Instant.now();
                    } else {
                        StopCommand stop = EventSerdes.stopCommand().deserialize(r.topic(), r.value());
                        stops.merge(stop.getModelId(), 1, Integer::sum);
                    }
                }
                if (!records.isEmpty()) {
                    quietSince = System.nanoTime();
                } else if (results.size() == MODELS && System.nanoTime() - quietSince > TimeUnit.SECONDS.toNanos(5)) {
                    break;
                }
            }
        }
        return last == null ? Instant.now() : last;
    }

    /** The predictor has joined its group and holds its partitions: from here on, the freeze hits a running instance. */
    private static Set<String> awaitStableGroup(String group) throws Exception {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline) {
                try {
                    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                    if (d.groupState() == GroupState.STABLE && !d.members().isEmpty()) {
                        return d.members().stream().map(MemberDescription::consumerId).collect(Collectors.toSet());
                    }
                } catch (java.util.concurrent.ExecutionException notYet) {
                    // GroupIdNotFoundException until the predictor's consumer first joins
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError("the predictor did not join group " + group + " within 90 s");
    }

    private static KafkaProducer<String, EpochMetric> producer() {
        Properties props = new Properties();
        props.put("bootstrap.servers", broker.bootstrapServers());
        props.put("enable.idempotence", "true");
        return new KafkaProducer<>(props, new StringSerializer(), EventSerdes.epochMetric().serializer());
    }

    private static void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(broker.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
}
