package org.peng4nn.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.junit.WithKafkaBroker;
import org.peng4nn.events.StopCommand;
import org.peng4nn.events.serde.UndecodableRecordException;
import org.peng4nn.topics.TopicCatalogue;

/** The listener against a real broker: commands early or late, by callback or polling, for the right run only. */
@WithKafkaBroker
class StopListenerIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-stops.");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static String bootstrap;

    @BeforeAll
    static void topics(KafkaEndpoint kafka) {
        bootstrap = kafka.bootstrapServers();
        KafkaFixtures.createTopics(bootstrap, TOPICS);
    }

    @Test
    void aStopPublishedBeforeTheListenerWasCreatedIsFoundByPolling() throws Exception {
        KafkaFixtures.publish(bootstrap, TOPICS, KafkaFixtures.stop("early", 1, 6.0));

        try (StopListener stops = StopListener.create(KafkaFixtures.kafka(bootstrap), TOPICS)) {
            assertThat(stops.awaitCaughtUp(WAIT)).isTrue();

            assertThat(stops.stopRequested("early", 1)).hasValueSatisfying(c -> assertThat(c.getAtEpoch()).isEqualTo(6.0));
            assertThat(stops.stopRequested("early", 2)).as("another run").isEmpty();
            assertThat(stops.stopRequested("never-stopped", 1)).isEmpty();
        }
    }

    @Test
    void theCallbackFiresOnceForTheWatchedRunAndIgnoresOtherRuns() throws Exception {
        List<StopCommand> calls = new CopyOnWriteArrayList<>();
        try (StopListener stops = StopListener.create(KafkaFixtures.kafka(bootstrap), TOPICS)) {
            stops.watch("live", 2, calls::add);
            assertThat(stops.awaitCaughtUp(WAIT)).isTrue();

            KafkaFixtures.publish(bootstrap, TOPICS, KafkaFixtures.stop("live", 1, 3.0));
            await().during(Duration.ofMillis(600)).atMost(WAIT).until(calls::isEmpty);
            assertThat(stops.stopRequested("live", 1)).as("seen, but not for the watched run").isPresent();

            KafkaFixtures.publish(bootstrap, TOPICS, KafkaFixtures.stop("live", 2, 7.0),
                    KafkaFixtures.stop("live", 2, 9.0));
            await().atMost(WAIT).until(() -> !calls.isEmpty());
            await().during(Duration.ofMillis(600)).atMost(WAIT).until(() -> calls.size() == 1);
            assertThat(calls.get(0).getRun()).isEqualTo(2);
            assertThat(calls.get(0).getAtEpoch()).as("the first command counts").isEqualTo(7.0);
        }
    }

    @Test
    void watchingAfterTheCommandArrivedStillCallsBackAndUnwatchCancels() throws Exception {
        KafkaFixtures.publish(bootstrap, TOPICS, KafkaFixtures.stop("before-watch", 1, 4.0));
        List<StopCommand> calls = new CopyOnWriteArrayList<>();
        List<StopCommand> cancelled = new CopyOnWriteArrayList<>();
        try (StopListener stops = StopListener.create(KafkaFixtures.kafka(bootstrap), TOPICS)) {
            stops.watch("not-yet", 1, cancelled::add);
            stops.unwatch("not-yet");
            assertThat(stops.awaitCaughtUp(WAIT)).isTrue();

            stops.watch("before-watch", 1, calls::add);
            KafkaFixtures.publish(bootstrap, TOPICS, KafkaFixtures.stop("not-yet", 1, 5.0));

            await().atMost(WAIT).until(() -> calls.size() == 1);
            await().atMost(WAIT).until(() -> stops.stopRequested("not-yet", 1).isPresent());
            Thread.sleep(300);    // two poll rounds: an unwatched callback would have run by now
            assertThat(cancelled).isEmpty();
        }
    }

    @Test
    void undecodableControlRecordsAreReportedAndSkipped() throws Exception {
        TopicCatalogue topics = TopicCatalogue.withPrefix("it-stops-bad.");
        KafkaFixtures.createTopics(bootstrap, topics);
        KafkaFixtures.publishRaw(bootstrap, topics, "garbled", "not a stop command".getBytes(StandardCharsets.UTF_8));
        KafkaFixtures.publish(bootstrap, topics, KafkaFixtures.stop("garbled", 1, 8.0));
        List<UndecodableRecordException> reported = new CopyOnWriteArrayList<>();

        try (StopListener stops = StopListener.create(KafkaFixtures.kafka(bootstrap), topics,
                Duration.ofMinutes(5), reported::add)) {
            assertThat(stops.awaitCaughtUp(WAIT)).isTrue();

            assertThat(stops.stopRequested("garbled", 1)).isPresent();
            assertThat(reported).hasSize(1);
            assertThat(reported.get(0).getMessage()).contains(topics.control().name());
        }
    }

    @Test
    void aListenerStartedBeforeTheTopicExistsWaitsForItAndClosesPromptly() throws Exception {
        TopicCatalogue topics = TopicCatalogue.withPrefix("it-stops-late.");
        try (StopListener stops = StopListener.create(KafkaFixtures.kafka(bootstrap), topics)) {
            assertThat(stops.awaitCaughtUp(Duration.ofMillis(500))).as("no topic yet").isFalse();
            KafkaFixtures.createTopics(bootstrap, topics);
            KafkaFixtures.publish(bootstrap, topics, KafkaFixtures.stop("late", 1, 2.0));
            await().atMost(WAIT).until(() -> stops.stopRequested("late", 1).isPresent());
        }

        StopListener waiting = StopListener.create(KafkaFixtures.kafka(bootstrap),
                TopicCatalogue.withPrefix("it-stops-never."));
        Thread.sleep(300);
        long start = System.nanoTime();
        waiting.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }
}
