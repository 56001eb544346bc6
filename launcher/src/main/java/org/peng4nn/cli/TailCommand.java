package org.peng4nn.cli;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.peng4nn.cli.topics.ProjectTopic;
import org.peng4nn.cli.topics.TopicLines;
import org.peng4nn.topics.TopicCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./peng4nn tail}: the records of a project topic, decoded, as JSON lines. */
@Command(name = "tail", mixinStandardHelpOptions = true,
        header = "Prints the records of a topic of the project as JSON lines.",
        description = {"Decodes the records of one of the project's topics (jobs, epochs, control, predictions, results, "
                + "dlq) and prints each as one JSON object on stdout: topic, partition, offset, timestamp and key, then "
                + "the event under 'value', field by field with the schema's snake_case names (timestamps in ISO-8601). "
                + "By default the last --last records of each partition, then it stops at the end offsets the topic had "
                + "when tail started; --from-beginning reads from the start, --follow waits for new records until "
                + "Ctrl-C. Lines of different partitions interleave; within a partition they are in offset order.",
            "",
            "A record that is no event of the topic is one line with 'error' (BAD_HEADER, UNKNOWN_SCHEMA, "
                + "INCOMPATIBLE_SCHEMA or MALFORMED_PAYLOAD) and 'detail' instead of 'value', whatever the filters, "
                + "and tail goes on; stderr ends with how many there were. A dead letter (dlq) shows the predictor's "
                + "'reason', its 'source' topic, partition and offset, every header, the value's size and bytes "
                + "(value_base64) and, when those bytes decode as an event of the source topic, the event.",
            "",
            "TOPIC is a role (epochs: the topic --topic-prefix gives it, peng4nn.epochs by default) or a full topic "
                + "name that ends in one (peng4nn.epochs, or replay-1a2b3c4d.epochs of a kept replay).",
            "",
            "Needs a running broker; never starts one: without a bootstrap address from any source it connects to "
                + "localhost:9092. " + KafkaConnection.SOURCES},
        footer = {"", "Examples:",
            "  ./peng4nn tail epochs --from-beginning --search nas1 --model nas1-g0-m3",
            "  ./peng4nn tail results --from-beginning --bootstrap-servers kafka1:9092 \\",
            "      | jq -c '.value | {model_id, fitness}'",
            "  ./peng4nn tail dlq --follow"})
final class TailCommand implements Callable<Integer> {

    /** Longest wait for the topic's metadata, and for records while its end is not reached. */
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Parameters(index = "0", paramLabel = "TOPIC", description = "A role (jobs, epochs, control, predictions, results, "
            + "dlq) or a full topic name ending in one.")
    String topic;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--topic-prefix", defaultValue = TopicCatalogue.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Prefix of the topic names, for a TOPIC given as a role. Default: '${DEFAULT-VALUE}'.")
    String topicPrefix;

    @Option(names = "--from-beginning", description = "Start at the first record of each partition.")
    boolean fromBeginning;

    @Option(names = {"-n", "--last"}, defaultValue = "10", paramLabel = "N",
            description = "Without --from-beginning: print the last N records of each partition (counted before "
                    + "the filters; 0 with --follow: only new records). Default: ${DEFAULT-VALUE}.")
    long last;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new records until Ctrl-C, instead of stopping "
            + "at the end offsets seen at start.")
    boolean follow;

    @Option(names = "--search", paramLabel = "S", description = "Only events of search S (search_id).")
    String search;

    @Option(names = "--model", paramLabel = "M", description = "Only events of model M (model_id; for records "
            + "without an event, the key).")
    String model;

    /** Released once the summary is out, which the Ctrl-C of a --follow waits for. */
    private final CountDownLatch summarized = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        if (last < 0) {
            throw new BadInputException("--last must be >= 0, got " + last);
        }
        ProjectTopic resolved;
        try {
            resolved = ProjectTopic.resolve(topic, topicPrefix);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        KafkaSettings settings = kafkaSettings();
        TopicLines lines = new TopicLines(resolved, topicPrefix, search, model);
        try {
            long printed = tail(settings, resolved.name(), lines, System.out);
            System.err.printf("tail %s: %d records printed, %d undecodable%n", resolved.name(), printed,
                    lines.undecodable());
        } finally {
            summarized.countDown();
        }
        return 0;
    }

    /** The settings of the one consumer tail makes; without an address, the local broker's. */
    KafkaSettings kafkaSettings() throws BadInputException {
        return kafka.settingsOrDefaultBroker();
    }

    /** Prints the lines of {@code topic} to {@code out}; the number printed. */
    private long tail(KafkaSettings settings, String topic, TopicLines lines, PrintStream out) throws Exception {
        Properties props = settings.properties();
        // a reader of transactional topics (the predictor writes with exactly-once) sees what committed, once
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a mistyped name is an error, not a new empty topic on a broker that creates topics on first use
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "peng4nn-tail");
        Printer printer = new Printer(lines, out);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = partitions(consumer, topic, settings);
            consumer.assign(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, TIMEOUT);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
            // the last records of a partition are kept back until its end is reached, then printed: offsets count
            // transaction markers too, one per transaction of at least one record, so the last N records lie
            // within 2N offsets of the end but not always within N
            Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> lastRecords = new HashMap<>();
            long back = last > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : 2 * last;
            for (TopicPartition p : partitions) {
                consumer.seek(p, fromBeginning ? begin.get(p) : Math.max(begin.get(p), end.get(p) - back));
                if (!fromBeginning) {
                    lastRecords.put(p, new ArrayDeque<>());
                }
            }
            Thread ctrlC = follow ? stopOnShutdown(consumer) : null;
            try {
                read(consumer, partitions, end, lastRecords, printer, topic);
            } catch (WakeupException e) {
                // Ctrl-C ended a --follow: what was printed stands, the summary follows
            } finally {
                if (ctrlC != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(ctrlC);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is what ended the read
                    }
                }
            }
        }
        return printer.printed;
    }

    /**
     * On Ctrl-C (or any other shutdown) wakes the consumer, so that the read ends and the summary is printed, and
     * holds the JVM until it is, for a few seconds at most.
     */
    private Thread stopOnShutdown(KafkaConsumer<byte[], byte[]> consumer) {
        Thread hook = new Thread(() -> {
            consumer.wakeup();
            try {
                summarized.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tail-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    /** Reads to the end offsets seen at start, or on and on with --follow, printing what the filters keep. */
    private void read(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end, Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> lastRecords,
            Printer printer, String topic) throws Exception {
        long idleSince = System.nanoTime();
        while (follow || partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            var records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                idleSince = System.nanoTime();
            } else if (!follow && System.nanoTime() - idleSince > TIMEOUT.toNanos()) {
                throw new IllegalStateException("topic " + topic + " not read to its end offsets " + end
                        + ": no records for " + TIMEOUT.toSeconds() + " s");
            }
            for (ConsumerRecord<byte[], byte[]> r : records) {
                TopicPartition p = new TopicPartition(r.topic(), r.partition());
                ArrayDeque<ConsumerRecord<byte[], byte[]>> kept = lastRecords.get(p);
                if (r.offset() < end.get(p) && kept != null) {
                    kept.addLast(r);
                    if (kept.size() > last) {
                        kept.removeFirst();
                    }
                } else if (r.offset() < end.get(p) || follow) {
                    // past the end seen at start: a later tail's record, unless following
                    flush(lastRecords.remove(p), printer);
                    printer.print(r);
                }
            }
            for (TopicPartition p : partitions) {
                if (lastRecords.containsKey(p) && consumer.position(p) >= end.get(p)) {
                    flush(lastRecords.remove(p), printer);
                }
            }
            printer.out.flush();
        }
    }

    private static void flush(ArrayDeque<ConsumerRecord<byte[], byte[]>> kept, Printer printer) throws Exception {
        if (kept != null) {
            for (ConsumerRecord<byte[], byte[]> r : kept) {
                printer.print(r);
            }
        }
    }

    /** Writes the lines the filters keep, and counts them. */
    private static final class Printer {
        // ASCII only, other characters escaped: stdout's charset is the platform's on Java 17, and a lossy one
        // (POSIX locale) would turn a model id into question marks
        private final ObjectMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
        private final TopicLines lines;
        final PrintStream out;
        long printed;

        Printer(TopicLines lines, PrintStream out) {
            this.lines = lines;
            this.out = out;
        }

        void print(ConsumerRecord<byte[], byte[]> record) throws Exception {
            var line = lines.line(record);
            if (line.isPresent()) {
                out.println(json.writeValueAsString(line.get()));
                printed++;
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic,
            KafkaSettings settings) throws BadInputException {
        List<PartitionInfo> info;
        try {
            info = consumer.partitionsFor(topic, TIMEOUT);
        } catch (TimeoutException e) {
            throw new BadInputException("no answer from Kafka at " + settings.bootstrapServers() + " within "
                    + TIMEOUT.toSeconds() + " s" + " (is the broker running? --bootstrap-servers names another)");
        }
        if (info == null || info.isEmpty()) {
            throw new BadInputException("topic " + topic + " does not exist on " + settings.bootstrapServers());
        }
        List<TopicPartition> partitions = new ArrayList<>();
        info.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        partitions.sort(Comparator.comparingInt(TopicPartition::partition));
        return partitions;
    }
}
