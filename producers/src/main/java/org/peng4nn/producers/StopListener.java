package org.peng4nn.producers;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.EventPoller;
import org.peng4nn.events.serde.UndecodableRecordHandler;
import org.peng4nn.topics.Topic;
import org.peng4nn.topics.TopicCatalogue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a trainer when the predictor wants one of its runs stopped: reads the control topic on a
 * background thread and hands each {@link StopCommand} over by callback ({@link #watch}) or on
 * request ({@link #stopRequested}).
 * <p>
 * No command is missed because it came early. The listener assigns itself every partition of the
 * control topic (no consumer group, so any number of trainers each see every command) and starts
 * reading at the records written {@code lookBack} before it was created (default
 * {@link #DEFAULT_LOOK_BACK}); it keeps the first command seen per (model_id, run) in memory, so a
 * stop that was appended before {@link #create} or {@link #watch} is still found. Commands for other
 * runs of a model never match: a retried training ignores its abandoned attempt's stop. Records the
 * listener cannot decode are skipped and reported to the {@link UndecodableRecordHandler}.
 * <p>
 * Memory grows with the commands of the look-back window and of the listener's lifetime (about
 * 100 bytes each). Partitions added to the control topic after the listener started are not read.
 * Thread-safe; callbacks run on the listener's thread and should return quickly.
 *
 * <pre>{@code
 * try (StopListener stops = StopListener.create(kafka, TopicCatalogue.defaults())) {
 *     stops.watch("model-17", 1, command -> trainingLoop.requestStop());
 *     ...
 * }
 * }</pre>
 */
public final class StopListener implements AutoCloseable {

    /** How far back the listener looks for commands written before it started. */
    public static final Duration DEFAULT_LOOK_BACK = Duration.ofHours(24);

    private static final Logger LOG = LoggerFactory.getLogger(StopListener.class);
    /** Bounds how late a callback registered for an already-received command runs. */
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(2);
    private static final long CLOSE_WAIT_MS = 10_000;

    private final KafkaConsumer<String, StopCommand> consumer;
    private final String topic;
    private final Duration lookBack;
    private final UndecodableRecordHandler onUndecodable;
    private final long createdAtMillis = System.currentTimeMillis();
    private final Map<RunKey, StopCommand> received = new ConcurrentHashMap<>();
    private final Map<RunKey, Consumer<StopCommand>> watchers = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean closing;
    private volatile RuntimeException failure;

    private StopListener(KafkaConsumer<String, StopCommand> consumer, String topic, Duration lookBack,
                         UndecodableRecordHandler onUndecodable) {
        this.consumer = consumer;
        this.topic = topic;
        this.lookBack = lookBack;
        this.onUndecodable = onUndecodable;
        this.thread = new Thread(this::listen, "peng4nn-stop-listener");
        thread.setDaemon(true);
    }

    /** A listener with the {@link #DEFAULT_LOOK_BACK} that logs undecodable records. */
    public static StopListener create(Properties kafka, TopicCatalogue topics) {
        return create(kafka, topics, DEFAULT_LOOK_BACK, UndecodableRecordHandler.logging());
    }

    /**
     * @param kafka         client properties (bootstrap.servers, security settings...); a group.id is
     *                      ignored: the listener reads every partition on its own
     * @param lookBack      commands written this long before now are still found
     * @param onUndecodable told about each control record that cannot be decoded (then skipped)
     */
    public static StopListener create(Properties kafka, TopicCatalogue topics, Duration lookBack,
                                      UndecodableRecordHandler onUndecodable) {
        if (lookBack.isNegative()) {
            throw new IllegalArgumentException("lookBack must not be negative: " + lookBack);
        }
        Properties props = new Properties();
        props.putAll(kafka);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "peng4nn-stop-listener");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // a listener started before the topics exist must not create the control topic with broker defaults
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        Topic<String, StopCommand> control = topics.stopCommands();
        StopListener listener = new StopListener(control.consumer(props), control.name(), lookBack,
                Objects.requireNonNull(onUndecodable, "onUndecodable"));
        listener.thread.start();
        return listener;
    }

    /**
     * Calls {@code onStop} once, on the listener's thread, when a StopCommand for (modelId, run)
     * arrives or had already arrived. A second watch of the same run replaces the first callback.
     */
    public void watch(String modelId, int run, Consumer<StopCommand> onStop) {
        checkRunning();
        watchers.put(new RunKey(modelId, run), Objects.requireNonNull(onStop, "onStop"));
    }

    /**
     * Polling style: the stop command for (modelId, run) if one arrived, also if it arrived before
     * watch/create. Commands are seen once the listener has read them: see {@link #awaitCaughtUp}.
     *
     * @throws IllegalStateException when the listener has failed (its cause says why) or is closed
     */
    public Optional<StopCommand> stopRequested(String modelId, int run) {
        checkRunning();
        return Optional.ofNullable(received.get(new RunKey(modelId, run)));
    }

    /** Drops the callbacks of every run of the model that have not fired yet. */
    public void unwatch(String modelId) {
        watchers.keySet().removeIf(key -> key.modelId().equals(modelId));
    }

    /**
     * Waits until the listener has read everything that was on the control topic when it started
     * (at most {@code timeout}), so that {@link #stopRequested} already knows every earlier command.
     *
     * @return whether it caught up in time
     */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && failure == null;
    }

    /** Stops the background thread promptly (it is woken out of any wait) and closes the consumer. */
    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void checkRunning() {
        RuntimeException error = failure;
        if (error != null) {
            throw new IllegalStateException("stop listener on " + topic + " failed: " + error.getMessage(), error);
        }
        if (closing) {
            throw new IllegalStateException("stop listener on " + topic + " is closed");
        }
    }

    private void listen() {
        try {
            List<TopicPartition> partitions = awaitPartitions();
            consumer.assign(partitions);
            seekToLookBack(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            LOG.debug("reading stop commands from {} ({} partitions, up to {} records back)", topic,
                    partitions.size(), ends.values().stream().mapToLong(Long::longValue).sum());
            EventPoller<String, StopCommand> poller = new EventPoller<>(consumer, onUndecodable);
            while (!closing) {
                for (ConsumerRecord<String, StopCommand> record : poller.poll(POLL_TIMEOUT)) {
                    StopCommand command = record.value();
                    received.putIfAbsent(new RunKey(command.getModelId(), command.getRun()), command);
                }
                if (caughtUp.getCount() > 0 && reached(ends)) {
                    caughtUp.countDown();
                }
                dispatch();
            }
        } catch (WakeupException e) {
            if (!closing) {
                failure = e;
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("stop listener on {} failed; stop commands are no longer received", topic, e);
        } finally {
            consumer.close();
            caughtUp.countDown();
        }
    }

    /** The control topic's partitions, waiting for the topic to be created if need be. */
    private List<TopicPartition> awaitPartitions() {
        boolean told = false;
        while (true) {
            try {
                List<TopicPartition> partitions = consumer.partitionsFor(topic, METADATA_TIMEOUT).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
                if (!partitions.isEmpty()) {
                    return partitions;
                }
            } catch (TimeoutException e) {
                // broker not reachable yet: keep trying until closed, as a trainer outlives broker restarts
            }
            if (!told) {
                LOG.info("waiting for control topic {}", topic);
                told = true;
            }
            sleepUnlessClosing(METADATA_TIMEOUT.toMillis() / 4);
        }
    }

    private void seekToLookBack(List<TopicPartition> partitions) {
        long since = createdAtMillis - lookBack.toMillis();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, since));
        // ends first: a command appended while offsetsForTimes runs is then either found by it or lies past these ends
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp offset = found.get(tp);
            // nothing written since `since`: start at the end as it was, not seekToEnd, which resolves later
            consumer.seek(tp, offset == null ? ends.get(tp) : offset.offset());
        }
    }

    private boolean reached(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    private void dispatch() {
        for (Map.Entry<RunKey, Consumer<StopCommand>> watcher : watchers.entrySet()) {
            StopCommand command = received.get(watcher.getKey());
            // remove(key, value) fails when watch() replaced the callback meanwhile: the new one fires next round
            if (command != null && watchers.remove(watcher.getKey(), watcher.getValue())) {
                try {
                    watcher.getValue().accept(command);
                } catch (RuntimeException e) {
                    LOG.error("stop callback for model {} run {} failed", command.getModelId(), command.getRun(), e);
                }
            }
        }
    }

    private void sleepUnlessClosing(long millis) {
        if (closing) {
            throw new WakeupException();
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
        if (closing) {
            throw new WakeupException();
        }
    }

    /** One training attempt of one model. */
    private record RunKey(String modelId, int run) {
    }
}
