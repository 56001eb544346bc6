package org.peng4nn.broker.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.broker.KafkaEndpoint;
import org.peng4nn.broker.KafkaRoundTrip;

/** The extension as its users meet it: a broker per class, handed to every kind of method that asks. */
@WithKafkaBroker
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WithKafkaBrokerTest {

    private static KafkaEndpoint beforeAllEndpoint;

    private final KafkaEndpoint constructorEndpoint;

    WithKafkaBrokerTest(KafkaEndpoint kafka) {
        this.constructorEndpoint = kafka;
    }

    @BeforeAll
    static void remember(KafkaEndpoint kafka) {
        beforeAllEndpoint = kafka;
    }

    @Test
    void producesAndConsumesOverARealConnection(KafkaEndpoint kafka) throws Exception {
        KafkaRoundTrip roundTrip = new KafkaRoundTrip(kafka);

        assertThat(roundTrip.createTopic("extension-round-trip")).contains("extension-round-trip");
        roundTrip.produce("extension-round-trip", "model-7", "epoch 3: 61.5%");
        ConsumerRecord<String, String> consumed = roundTrip.consumeFirst("extension-round-trip");

        assertThat(consumed.key()).isEqualTo("model-7");
        assertThat(consumed.value()).isEqualTo("epoch 3: 61.5%");
    }

    @Test
    void constructorBeforeAllAndMethodsShareOneBroker(KafkaEndpoint kafka) {
        assertThat(kafka).isSameAs(constructorEndpoint).isSameAs(beforeAllEndpoint);
        assertThat(kafka.bootstrapServers()).isNotBlank();
    }

    @Test
    @DisabledIfSystemProperty(named = KafkaBrokerExtension.MODE_PROPERTY, matches = "testcontainers")
    void embeddedBrokerStartsWithinAMinute(KafkaBroker broker) {
        System.out.printf("Embedded Kafka broker started in %d ms (pid %d, %s)%n",
                broker.startupMillis(), broker.pid(), broker.bootstrapServers());

        assertThat(broker).isSameAs(beforeAllEndpoint);
        assertThat(broker.isAlive()).isTrue();
        assertThat(broker.startupMillis()).isPositive().isLessThan(60_000);
    }

    @Nested
    class NestedClass {

        @Test
        void usesTheBrokerOfTheEnclosingClass(KafkaEndpoint kafka) {
            assertThat(kafka).isSameAs(beforeAllEndpoint);
        }
    }
}
