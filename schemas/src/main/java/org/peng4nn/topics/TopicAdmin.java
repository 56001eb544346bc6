package org.peng4nn.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics of a catalogue, idempotently. A topic that already exists is left as it is and
 * compared with its spec; differences are logged as warnings and returned, never "fixed": adding
 * partitions would move keys to other partitions under running consumers and state stores, and a
 * changed cleanup policy could delete data, so those are an operator's decision.
 * <p>
 * Returns only when every topic is visible in the cluster metadata and the leader of every new
 * partition answers, so producers started afterwards do not race topic creation.
 */
public final class TopicAdmin {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long RETRY_PAUSE_MS = 100;

    private TopicAdmin() {
    }

    /** {@link #ensureTopics(Admin, List, Duration)} for every topic of the catalogue, within {@link #DEFAULT_TIMEOUT}. */
    public static List<TopicReport> ensureTopics(Admin admin, TopicCatalogue catalogue) {
        return ensureTopics(admin, catalogue.all(), DEFAULT_TIMEOUT);
    }

    /** {@link #ensureTopics(Admin, List, Duration)} for every topic of the catalogue. */
    public static List<TopicReport> ensureTopics(Admin admin, TopicCatalogue catalogue, Duration timeout) {
        return ensureTopics(admin, catalogue.all(), timeout);
    }

    /**
     * Creates the topics that do not exist and checks partitions, replication factor, cleanup policy and
     * configurations of those that do.
     *
     * @return one report per spec, in the order given
     * @throws TopicSetupException when the broker refuses a topic, fails, or the timeout passes
     */
    public static List<TopicReport> ensureTopics(Admin admin, List<TopicSpec> specs, Duration timeout) {
        Objects.requireNonNull(admin, "admin");
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, TopicReport.Outcome> outcomes = create(admin, specs, timeout, deadline);

        List<String> names = List.copyOf(outcomes.keySet());
        Map<String, TopicDescription> descriptions = retryWhileUnknown(deadline, "describe topics " + names,
                () -> admin.describeTopics(names).allTopicNames());
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = retryWhileUnknown(deadline, "describe configs of " + names,
                () -> admin.describeConfigs(resources).all());
        awaitLeaders(admin, outcomes.entrySet().stream()
                .filter(e -> e.getValue() == TopicReport.Outcome.CREATED)
                .flatMap(e -> descriptions.get(e.getKey()).partitions().stream()
                        .map(p -> new TopicPartition(e.getKey(), p.partition())))
                .toList(), deadline);

        List<TopicReport> reports = new ArrayList<>();
        for (TopicSpec spec : specs) {
            TopicReport report = new TopicReport(spec, outcomes.get(spec.name()), compare(spec,
                    descriptions.get(spec.name()),
                    configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()))));
            if (report.outcome() == TopicReport.Outcome.CREATED) {
                LOG.info("created topic {}: partitions={}, cleanup.policy={}", spec.name(), spec.partitions(),
                        spec.cleanupPolicy().configValue());
            }
            report.mismatches().forEach(m -> LOG.warn("topic {} differs from the catalogue: {}", spec.name(), m));
            reports.add(report);
        }
        return reports;
    }

    private static Map<String, TopicReport.Outcome> create(Admin admin, List<TopicSpec> specs, Duration timeout,
                                                           long deadline) {
        List<NewTopic> requests = specs.stream().map(TopicSpec::toNewTopic).toList();
        CreateTopicsResult result = admin.createTopics(requests,
                new CreateTopicsOptions().timeoutMs((int) Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        Map<String, TopicReport.Outcome> outcomes = new LinkedHashMap<>();
        for (TopicSpec spec : specs) {
            try {
                await(result.values().get(spec.name()), deadline, "create topic " + spec.name());
                outcomes.put(spec.name(), TopicReport.Outcome.CREATED);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new TopicSetupException("cannot create topic " + spec.name() + ": " + e.getCause(),
                            e.getCause());
                }
                outcomes.put(spec.name(), TopicReport.Outcome.ALREADY_EXISTED);
            }
        }
        return outcomes;
    }

    // a topic created a moment ago may not have reached every broker's metadata yet
    private static <T> T retryWhileUnknown(long deadline, String what, Supplier<KafkaFuture<T>> call) {
        while (true) {
            try {
                return await(call.get(), deadline, what);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS) > deadline) {
                    throw new TopicSetupException("cannot " + what + ": " + e.getCause(), e.getCause());
                }
                pause(what);
            }
        }
    }

    /**
     * Waits until the leader of each partition answers a ListOffsets request. The metadata names a leader before that
     * broker has applied the new partition, and it refuses produce requests meanwhile; an idempotent producer whose
     * first request is refused while its second is accepted then retries the first until delivery.timeout.ms and
     * drops it (KAFKA-15591, seen here with 4.4.0 brokers: a test lost six epochs of one partition's models).
     */
    private static void awaitLeaders(Admin admin, List<TopicPartition> partitions, long deadline) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
        String what = "reach the leaders of " + partitions.size() + " new partitions";
        while (true) {
            try {
                await(admin.listOffsets(latest).all(), deadline, what);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)
                        || System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_PAUSE_MS) > deadline) {
                    throw new TopicSetupException("cannot " + what + ": " + e.getCause(), e.getCause());
                }
                pause(what);
            }
        }
    }

    private static List<String> compare(TopicSpec spec, TopicDescription description, Config config) {
        List<String> mismatches = new ArrayList<>();
        int partitions = description.partitions().size();
        if (partitions != spec.partitions()) {
            mismatches.add("has " + partitions + " partitions, the catalogue says " + spec.partitions());
        }
        int replicas = description.partitions().get(0).replicas().size();
        if (replicas != spec.replicationFactor()) {
            mismatches.add("has replication factor " + replicas + ", the catalogue says " + spec.replicationFactor());
        }
        String cleanup = valueOf(config, CleanupPolicy.CONFIG);
        if (!spec.cleanupPolicy().matches(cleanup)) {
            mismatches.add("has " + CleanupPolicy.CONFIG + "=" + cleanup + ", the catalogue says "
                    + spec.cleanupPolicy().configValue());
        }
        spec.configs().forEach((key, wanted) -> {
            String actual = valueOf(config, key);
            if (!wanted.equals(actual)) {
                mismatches.add("has " + key + "=" + actual + ", the catalogue says " + wanted);
            }
        });
        return mismatches;
    }

    private static String valueOf(Config config, String key) {
        ConfigEntry entry = config == null ? null : config.get(key);
        return entry == null ? null : entry.value();
    }

    private static <T> T await(KafkaFuture<T> future, long deadline, String what) throws ExecutionException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TopicSetupException("timed out trying to " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted trying to " + what, e);
        }
    }

    private static void pause(String what) {
        try {
            Thread.sleep(RETRY_PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicSetupException("interrupted trying to " + what, e);
        }
    }
}
