package org.peng4nn.producers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.topics.TopicCatalogue;

/**
 * The bound on what a broker outage costs a trainer (issue 16 item 1): the reporter's producer holds events sent
 * while the broker is away and delivers them when it is back (BrokerRestartIT), but only for
 * {@code delivery.timeout.ms} (Kafka's default 120 s, which {@link EpochReporter#create} leaves to the caller).
 * An event still undelivered then is lost to the predictor, and the trainer is told: {@link EpochReporter#flush}
 * throws, naming the epoch and the model. Shown here with a 3 s timeout so the test stays short.
 */
@Timeout(120)
class EpochReporterOutageIT {

    private static final TopicCatalogue TOPICS = TopicCatalogue.withPrefix("it-outage.");

    @Test
    void anEventUndeliveredWithinTheDeliveryTimeoutFailsTheFlushNamingIt() {
        try (KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults())) {
            KafkaFixtures.createTopics(broker.bootstrapServers(), TOPICS);
            Properties props = KafkaFixtures.kafka(broker.bootstrapServers());
            props.put("delivery.timeout.ms", "3000");
            props.put("request.timeout.ms", "1000"); // delivery.timeout.ms must cover linger.ms + request.timeout.ms
            EpochReporter reporter = EpochReporter.create(props, TOPICS, "trainer-outage");
            try {
                reporter.report("search-1", "model-a", 1, 0, 25, 40.0);
                reporter.flush();

                broker.close();
                // the topic's metadata is known: report neither blocks nor throws while the broker is away
                reporter.report("search-1", "model-a", 1, 1, 25, 45.0);
                long start = System.nanoTime();
                assertThatThrownBy(reporter::flush).isInstanceOf(EpochReportException.class)
                        .hasMessageContaining("epoch 1.0 of model model-a run 1");
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("time until the flush gave up")
                        .isLessThan(Duration.ofSeconds(30));
            } finally {
                reporter.close();
            }
        }
    }
}
