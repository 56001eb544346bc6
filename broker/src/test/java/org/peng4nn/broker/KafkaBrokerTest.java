package org.peng4nn.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The broker's life cycle through the API: start, stop, parent death, kept data, startup failures. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaBrokerTest {

    @Test
    void closeStopsTheChildProcessAndDeletesItsTemporaryDirectory() {
        KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults());
        long pid = broker.pid();
        Path dir = broker.logDir();
        System.out.printf("Kafka broker started in %d ms%n", broker.startupMillis());
        try {
            assertThat(broker.startupMillis()).isLessThan(60_000);
            assertThat(ProcessHandle.of(pid)).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
            assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
            assertThat(dir).startsWith(Path.of("target").toAbsolutePath()).isDirectory();
            assertThat(dir.resolve("broker.log")).content().contains("Kafka Server started");
        } finally {
            broker.close();
        }

        assertThat(broker.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(dir).doesNotExist();
        broker.close(); // a second close is harmless
    }

    @Test
    void childStopsWhenItsParentIsKilled() throws Exception {
        Process parent = startFixture("api");
        long childPid = -1;
        try {
            String announcement = lineStartingWith(parent, BrokerParentFixture.PREFIX).get(90, TimeUnit.SECONDS);
            String[] fields = announcement.substring(BrokerParentFixture.PREFIX.length()).split(" ", 2);
            childPid = Long.parseLong(fields[0]);
            Path dir = Path.of(fields[1]);
            assertThat(ProcessHandle.of(childPid).filter(ProcessHandle::isAlive)).isPresent();

            parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent, only its pipes close
            assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

            awaitGone(childPid);
            assertThat(dir).as("the child deletes its temporary directory itself").doesNotExist();
        } finally {
            parent.destroyForcibly();
            ProcessHandle.of(childPid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void runnerStopsTheBrokerCleanlyWhenItsJvmIsTerminated() throws Exception {
        Process parent = startFixture("runner");
        List<ProcessHandle> children = List.of();
        try {
            String ready = lineStartingWith(parent, "Kafka broker ready at ").get(90, TimeUnit.SECONDS);
            Matcher matcher = Pattern.compile("Kafka broker ready at 127\\.0\\.0\\.1:\\d+ \\(log dir (.+)\\)").matcher(ready);
            assertThat(matcher.matches()).as(ready).isTrue();
            Path dir = Path.of(matcher.group(1));
            children = parent.toHandle().children().toList();
            assertThat(children).hasSize(1);

            parent.destroy(); // SIGTERM, which the JVM handles like Ctrl-C: shutdown hooks run
            assertThat(parent.waitFor(45, TimeUnit.SECONDS)).isTrue();

            awaitGone(children.get(0).pid());
            assertThat(dir).doesNotExist();
        } finally {
            parent.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void runnerStopsTheBrokerWhenItsThreadIsInterrupted() throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        Thread runner = new Thread(() -> status.complete(BrokerRunner.run(BrokerOptions.defaults(), out)), "runner");
        runner.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> output.toString(StandardCharsets.UTF_8).contains("Kafka broker ready at"));

        runner.interrupt();

        assertThat(status.get(45, TimeUnit.SECONDS)).isZero();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("Kafka broker stopped");
    }

    @Test
    void keptDataSurvivesARestart() throws Exception {
        Path dir = Path.of("target", "kept-broker-" + UUID.randomUUID());
        BrokerOptions options = BrokerOptions.persistent(dir);
        try {
            KafkaBroker first = KafkaBroker.start(options);
            try {
                KafkaRoundTrip roundTrip = new KafkaRoundTrip(first);
                roundTrip.createTopic("kept");
                roundTrip.produce("kept", "model-1", "still here");
            } finally {
                first.close();
            }
            assertThat(dir.resolve("data")).isDirectory();

            KafkaBroker second = KafkaBroker.start(options);
            try {
                ConsumerRecord<String, String> consumed = new KafkaRoundTrip(second).consumeFirst("kept");
                assertThat(consumed.value()).isEqualTo("still here");
            } finally {
                second.close();
            }
        } finally {
            BrokerFiles.deleteRecursively(dir);
        }
    }

    @Test
    void givenDirectoryWithoutKeepDataKeepsOnlyTheLogs() throws Exception {
        Path dir = Path.of("target", "given-broker-" + UUID.randomUUID());
        try {
            KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults().withLogDir(dir));
            broker.close();

            assertThat(dir.resolve("data")).doesNotExist();
            assertThat(dir.resolve("broker.log")).isRegularFile();
        } finally {
            BrokerFiles.deleteRecursively(dir);
        }
    }

    @Test
    void aBrokerThatCannotStartExplainsWhyAndLeavesNothingBehind() throws Exception {
        // a value Kafka's own configuration check refuses: the child exits during startup
        BrokerOptions broken = BrokerOptions.defaults().withBrokerConfig("log.segment.bytes", "12");
        List<Path> before = brokerDirectories();

        assertThatThrownBy(() -> KafkaBroker.start(broken))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("exited with status 1")
                .hasMessageContaining("log.segment.bytes");

        assertThat(brokerDirectories()).isEqualTo(before);
    }

    @Test
    void optionsRefuseSettingsTheLauncherOwns() {
        assertThatThrownBy(() -> BrokerOptions.defaults().withBrokerConfig("listeners", "PLAINTEXT://:9092"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listeners");
        assertThatThrownBy(() -> BrokerOptions.defaults().withMaxHeap("lots"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BrokerOptions.defaults().withStartupTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(BrokerOptions.userDefaults().logDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".peng4nn", "broker"));
        assertThat(BrokerOptions.userDefaults().keepData()).isTrue();
        assertThat(BrokerOptions.defaults().temporary()).isTrue();
    }

    private static List<Path> brokerDirectories() throws Exception {
        try (var entries = Files.list(Path.of("target"))) {
            return entries.filter(p -> p.getFileName().toString().startsWith("kafka-broker-")).sorted().toList();
        }
    }

    private static Process startFixture(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), BrokerParentFixture.class.getName(), mode)
                .redirectErrorStream(true)
                .start();
    }

    private static void awaitGone(long pid) {
        await().atMost(Duration.ofSeconds(45))
                .untilAsserted(() -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("pid %d", pid).isEmpty());
    }

    /** The first output line of the fixture with that start; the rest of its output is drained and ignored. */
    private static CompletableFuture<String> lineStartingWith(Process fixture, String start) {
        CompletableFuture<String> line = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(fixture.getInputStream(), StandardCharsets.UTF_8))) {
                String next;
                while ((next = in.readLine()) != null) {
                    if (next.startsWith(start)) {
                        line.complete(next);
                    }
                }
            } catch (Exception e) {
                line.completeExceptionally(e);
            }
            line.completeExceptionally(new AssertionError("the fixture ended without printing a line starting with " + start));
        }, "fixture-output");
        reader.setDaemon(true);
        reader.start();
        return line;
    }
}
