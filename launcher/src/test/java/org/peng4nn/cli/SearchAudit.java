package org.peng4nn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.peng4nn.cli.ScriptedTrainer.Entry;
import org.peng4nn.cli.ScriptedTrainer.Step;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.ResultStatus;
import org.peng4nn.events.StopCommand;
import org.peng4nn.search.leaderboard.LeaderboardRow;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.topics.Topic;
import org.peng4nn.topics.TopicCatalogue;

/**
 * What a search left on the bus, read committed (what consumers of the exactly-once predictor see), next to what
 * the trainers did and what the search driver concluded. {@link #assertConsistent} holds the promises of issue 16
 * item 1 after a fault: every job ends with exactly one ModelResult, no StopCommand is acted on twice, no epoch event
 * is lost or doubled on its way from trainer to predictor, and the search finished with every network.
 *
 * @param rows             the driver's leaderboard rows, by model id
 * @param jobs             networks of the search, from the driver's report
 * @param missing          networks the driver reported MISSING or FAILED
 * @param results          committed ModelResults of the search, per (model, run)
 * @param stops            committed StopCommands of the search, per (model, run)
 * @param epochsOnTopic    the epoch indices on the epochs topic, per (model, run), in offset order
 * @param journal          the trainers' journal entries, per (model, run), in the order written: a job trained
 *                         twice shows as two TAKEN and two END entries
 */
record SearchAudit(Map<String, LeaderboardRow> rows, Set<String> jobs, List<String> missing, Map<RunKey, List<ModelResult>> results,
        Map<RunKey, List<StopCommand>> stops, Map<RunKey, List<Double>> epochsOnTopic,
        Map<RunKey, List<Entry>> journal) {

    /** One attempt of one network. */
    record RunKey(String modelId, int run) {
    }

    /** Reads the search's results, stops and epochs from the topics; call after the search and trainers ended. */
    static SearchAudit of(String bootstrapServers, TopicCatalogue topics, SearchReport report, List<Entry> journal) {
        String searchId = report.searchId();
        Map<String, LeaderboardRow> rows = new HashMap<>();
        Set<String> jobs = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (LeaderboardRow row : report.rows()) {
            rows.put(row.modelId(), row);
            jobs.add(row.modelId());
            if (!row.status().ranked()) {
                missing.add(row.modelId() + " " + row.status());
            }
        }
        Map<RunKey, List<ModelResult>> results = group(readAll(bootstrapServers, topics.modelResults()),
                r -> searchId.equals(r.getSearchId()) ? new RunKey(r.getModelId(), r.getRun()) : null);
        Map<RunKey, List<StopCommand>> stops = group(readAll(bootstrapServers, topics.stopCommands()),
                s -> searchId.equals(s.getSearchId()) ? new RunKey(s.getModelId(), s.getRun()) : null);
        Map<RunKey, List<Double>> epochs = new HashMap<>();
        group(readAll(bootstrapServers, topics.epochMetrics()),
                e -> searchId.equals(e.getSearchId()) ? new RunKey(e.getModelId(), e.getRun()) : null)
                .forEach((key, events) -> epochs.put(key, events.stream().map(EpochMetric::getEpoch).toList()));
        return new SearchAudit(rows, jobs, missing, results, stops, epochs,
                group(journal, e -> new RunKey(e.modelId(), e.run())));
    }

    /** Asserts every promise; the messages name the network that broke one. */
    void assertConsistent() {
        assertThat(jobs).as("networks searched").hasSize(SearchUnderFault.MODELS);
        assertThat(missing).as("networks the search reported without a fitness").isEmpty();
        Set<String> withResult = new HashSet<>();
        results.keySet().forEach(key -> withResult.add(key.modelId()));
        assertThat(withResult).as("networks with a committed result").isEqualTo(jobs);
        results.forEach((key, list) -> assertThat(list).as("committed results of %s", key).hasSize(1));
        journal.forEach((key, entries) -> {
            assertThat(count(entries, Step.TAKEN)).as("times %s was taken", key).isEqualTo(1);
            assertThat(count(entries, Step.END)).as("times %s was trained to its end", key).isEqualTo(1);
        });
        assertThat(journal.keySet()).as("runs trained").isEqualTo(results.keySet());
        stops.forEach((key, list) -> assertThat(list).as("committed StopCommands of %s", key).hasSize(1));
        journal.forEach((key, entries) -> assertThat(count(entries, Step.STOP))
                .as("stops acted on for %s", key).isLessThanOrEqualTo(1));
        for (Map.Entry<RunKey, List<Entry>> run : journal.entrySet()) {
            RunKey key = run.getKey();
            // the epochs the trainer journaled, each after the broker acknowledged it
            List<Double> published = run.getValue().stream().filter(e -> e.step() == Step.EPOCH)
                    .map(e -> (double) e.value()).toList();
            boolean stopObeyed = count(run.getValue(), Step.STOP) > 0;
            List<Double> onTopic = epochsOnTopic.getOrDefault(key, List.of());
            assertThat(onTopic).as("epoch events of %s on the topic", key).hasSize(published.size())
                    .doesNotHaveDuplicates().containsExactlyElementsOf(published);
            if (stopObeyed) {
                assertThat(stops).as("a committed StopCommand for %s, which its trainer obeyed", key).containsKey(key);
            }
            ModelResult result = results.get(key).get(0);
            // the driver reads results uncommitted: had it taken one of a transaction the crash aborted, the
            // committed one written on replay could differ from what the search ranked
            LeaderboardRow row = rows.get(key.modelId());
            assertThat(row.status().name()).as("status the search gave %s", key).isEqualTo(result.getStatus().name());
            assertThat(row.epochsUsed()).as("epochs used the search gave %s", key).isEqualTo(result.getEpochsUsed());
            assertThat(row.fitness()).as("fitness the search gave %s", key).isEqualTo(result.getFitness());
            if (result.getStatus() == ResultStatus.COMPLETED) {
                assertThat(stops).as("StopCommands of completed %s", key).doesNotContainKey(key);
                assertThat(published).as("epochs published for completed %s", key)
                        .hasSize(result.getMaxEpochs());
            } else {
                assertThat(result.getStatus()).as("status of %s", key).isEqualTo(ResultStatus.STOPPED_EARLY);
                assertThat(stops).as("StopCommand of stopped %s", key).containsKey(key);
                assertThat(result.getEpochsUsed()).as("epochs the predictor used for %s", key)
                        .isEqualTo(stops.get(key).get(0).getAtEpoch() + 1)
                        .isLessThanOrEqualTo(published.size());
            }
        }
    }

    /** Epoch events the trainers published. */
    long epochsPublished() {
        return journal.values().stream().mapToLong(entries -> count(entries, Step.EPOCH)).sum();
    }

    /** Epoch events of the search on the epochs topic. */
    long epochsOnTopicCount() {
        return epochsOnTopic.values().stream().mapToLong(List::size).sum();
    }

    /** Epochs the predictor's results account for (epochs_used). */
    double epochsUsed() {
        return results.values().stream().flatMap(List::stream).mapToDouble(ModelResult::getEpochsUsed).sum();
    }

    long completed() {
        return results.values().stream().flatMap(List::stream)
                .filter(r -> r.getStatus() == ResultStatus.COMPLETED).count();
    }

    long stopsObeyed() {
        return journal.values().stream().mapToLong(entries -> count(entries, Step.STOP)).sum();
    }

    long resultCount() {
        return results.values().stream().mapToLong(List::size).sum();
    }

    long stopCount() {
        return stops.values().stream().mapToLong(List::size).sum();
    }

    /** The counts, reconciled, for the one-line summary. */
    String summary() {
        return String.format("jobs %d, results %d (%d completed, none twice: %s), stops %d, obeyed %d, "
                        + "epochs published %d, on topic %d, used by results %.0f, published after a stop %.0f, "
                        + "missing %d",
                jobs.size(), resultCount(), completed(), results.values().stream().allMatch(l -> l.size() == 1),
                stopCount(),
                stopsObeyed(), epochsPublished(), epochsOnTopicCount(), epochsUsed(), epochsPublished() - epochsUsed(),
                missing.size());
    }

    private static long count(List<Entry> entries, Step step) {
        return entries.stream().filter(e -> e.step() == step).count();
    }

    private static <T> Map<RunKey, List<T>> group(List<T> values, Function<T, RunKey> key) {
        Map<RunKey, List<T>> grouped = new HashMap<>();
        for (T value : values) {
            RunKey k = key.apply(value);
            if (k != null) {
                grouped.computeIfAbsent(k, x -> new ArrayList<>()).add(value);
            }
        }
        return grouped;
    }

    /** Every committed record of a topic, from the beginning up to its end as it is now. */
    private static <V> List<V> readAll(String bootstrapServers, Topic<String, V> topic) {
        Properties props = new Properties();
        props.putAll(SearchUnderFault.readCommitted(bootstrapServers));
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = topic.consumer(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic.name() + " to its end within 30 s");
                }
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        values.add(record.value());
                    }
                }
            }
        }
        return values;
    }
}
