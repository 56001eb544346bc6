package org.peng4nn.broker;

/**
 * Where Kafka clients connect. Implemented by the embedded {@link KafkaBroker} and by the Testcontainers
 * broker of the JUnit extension, so that tests written against this interface run on either.
 */
public interface KafkaEndpoint {

    /** The value for the clients' {@code bootstrap.servers}, e.g. {@code 127.0.0.1:40123}. */
    String bootstrapServers();
}
