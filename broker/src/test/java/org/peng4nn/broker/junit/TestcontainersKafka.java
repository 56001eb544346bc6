package org.peng4nn.broker.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.peng4nn.broker.KafkaEndpoint;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Testcontainers' Kafka as a {@link KafkaEndpoint}. The only class that refers to Testcontainers, so that the
 * embedded mode never loads it and runs without Testcontainers on the class path.
 */
final class TestcontainersKafka implements KafkaEndpoint, AutoCloseable {

    private final KafkaContainer container;

    private TestcontainersKafka(KafkaContainer container) {
        this.container = container;
    }

    /** Returned as the interface type, so that callers' bytecode never names this class's Testcontainers types. */
    static KafkaEndpoint start(String image) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new ExtensionConfigurationException(KafkaBrokerExtension.MODE_PROPERTY + "=testcontainers but no "
                    + "Docker engine answers (checked DOCKER_HOST, ~/.testcontainers.properties and the default socket); "
                    + "start Docker or run with -D" + KafkaBrokerExtension.MODE_PROPERTY + "=embedded");
        }
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image));
        container.start();
        return new TestcontainersKafka(container);
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "TestcontainersKafka[" + container.getDockerImageName() + " at " + bootstrapServers() + "]";
    }
}
