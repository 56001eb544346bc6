package org.peng4nn.broker.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.peng4nn.broker.KafkaBroker;
import org.peng4nn.broker.KafkaEndpoint;
import org.testcontainers.DockerClientFactory;

/**
 * Runs small test classes through the Jupiter engine, to see what only a whole run shows: who shares a broker,
 * that every broker is stopped when its scope ends, and how the Testcontainers switch behaves.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KafkaBrokerExtensionLifecycleTest {

    /** Broker seen by each fixture class, by class name. */
    private static final Map<String, KafkaBroker> SEEN = new ConcurrentHashMap<>();

    @Test
    void suiteBrokerIsSharedAcrossClassesAndEveryBrokerStopsWithItsScope() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(KafkaBrokerExtension.MODE_PROPERTY, "embedded")
                .selectors(selectClass(SuiteUserA.class), selectClass(SuiteUserB.class), selectClass(ClassUser.class))
                .execute();

        results.testEvents().assertStatistics(stats -> stats.started(3).succeeded(3));
        KafkaBroker suiteBroker = SEEN.get(SuiteUserA.class.getName());
        assertThat(SEEN.get(SuiteUserB.class.getName())).isSameAs(suiteBroker);
        assertThat(SEEN.get(ClassUser.class.getName())).isNotSameAs(suiteBroker);
        // the run is over: the root store (suite) and the class store have closed their brokers
        for (KafkaBroker broker : SEEN.values()) {
            assertThat(broker.isClosed()).isTrue();
            assertThat(ProcessHandle.of(broker.pid()).map(ProcessHandle::isAlive)).as("pid %d", broker.pid()).isNotEqualTo(Optional.of(true));
            assertThat(broker.logDir()).doesNotExist();
        }
    }

    @Test
    void testcontainersModeUsesDockerOrSaysWhyItCannot() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(KafkaBrokerExtension.MODE_PROPERTY, "testcontainers")
                .selectors(selectClass(EndpointUser.class))
                .execute();

        if (DockerClientFactory.instance().isDockerAvailable()) {
            results.testEvents().assertStatistics(stats -> stats.succeeded(1));
        } else {
            Throwable error = firstContainerFailure(results);
            System.out.println("Without Docker, kafka.tests=testcontainers fails with: " + error.getMessage());
            assertThat(error).hasMessageContaining("no Docker engine answers").hasMessageContaining("-Dkafka.tests=embedded");
        }
    }

    @Test
    void testcontainersImageIsTheKafkaVersionOfTheEmbeddedBroker() {
        // the broker's own jar, kafka_2.13-VERSION.jar: what the embedded broker runs
        String jar = Path.of(kafka.Kafka.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getFileName().toString();
        assertThat(jar).startsWith("kafka_2.13-").endsWith(".jar");
        String brokerVersion = jar.substring("kafka_2.13-".length(), jar.length() - ".jar".length());

        assertThat(KafkaBrokerExtension.defaultImage()).isEqualTo("apache/kafka:" + brokerVersion);
    }

    @Test
    void unknownModeIsRefused() {
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(KafkaBrokerExtension.MODE_PROPERTY, "docker-compose")
                .selectors(selectClass(EndpointUser.class))
                .execute();

        Throwable error = firstContainerFailure(results);
        assertThat(error).hasMessageContaining("kafka.tests must be embedded or testcontainers");
    }

    private static Throwable firstContainerFailure(EngineExecutionResults results) {
        Event failure = results.containerEvents().failed().list().get(0);
        return failure.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable).orElseThrow();
    }

    @WithKafkaBroker(shared = WithKafkaBroker.Shared.SUITE)
    static class SuiteUserA {
        @Test
        void records(KafkaBroker broker) {
            SEEN.put(getClass().getName(), broker);
        }
    }

    @WithKafkaBroker(shared = WithKafkaBroker.Shared.SUITE)
    static class SuiteUserB {
        @Test
        void records(KafkaBroker broker) {
            SEEN.put(getClass().getName(), broker);
        }
    }

    @WithKafkaBroker
    static class ClassUser {
        @Test
        void records(KafkaBroker broker) {
            SEEN.put(getClass().getName(), broker);
        }
    }

    @WithKafkaBroker
    static class EndpointUser {
        @Test
        void connects(KafkaEndpoint kafka) {
            assertThat(kafka.bootstrapServers()).isNotBlank();
        }
    }
}
