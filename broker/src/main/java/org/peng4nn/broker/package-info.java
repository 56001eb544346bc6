/**
 * A real single-node Kafka broker (KRaft, broker and controller in one node) for tests, demos and the command
 * line, without Docker.
 *
 * <ul>
 *   <li>{@link org.peng4nn.broker.KafkaBroker#start(BrokerOptions)} launches it in a child JVM from the Kafka
 *       jars on the class path and returns once it accepts clients; {@code close()} stops it. The child also
 *       stops when its parent JVM dies, however it dies.</li>
 *   <li>{@link org.peng4nn.broker.BrokerOptions} says where its data lives and for how long.</li>
 *   <li>{@link org.peng4nn.broker.BrokerRunner#run} runs one in the foreground for the command line.</li>
 *   <li>{@code org.peng4nn.broker.junit.WithKafkaBroker}, in this module's test-jar (not its main jar), gives
 *       JUnit 5 tests a broker, embedded or Testcontainers' ({@code -Dkafka.tests=testcontainers}), as a
 *       {@link org.peng4nn.broker.KafkaEndpoint}.</li>
 * </ul>
 */
package org.peng4nn.broker;
