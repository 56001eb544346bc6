package org.peng4nn.cli;

import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.KafkaBroker;
import picocli.CommandLine.Option;

/** Where Kafka is: a given cluster, or an embedded single-node broker started for the command. */
final class KafkaOptions {

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,...]",
            description = "Kafka cluster to use. Default: start the embedded single-node broker (no Docker).")
    String bootstrapServers;

    /** A connection; the embedded broker, when one was started, stops when it is closed. */
    record Connection(String bootstrapServers, KafkaBroker embedded) implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    /**
     * The given cluster, or an embedded broker: {@code persistent} keeps its data in ~/.peng4nn/broker on
     * port 9092 (so other terminals can connect), otherwise a temporary one on a free port.
     */
    Connection connect(boolean persistent) {
        if (bootstrapServers != null && !bootstrapServers.isBlank()) {
            return new Connection(bootstrapServers, null);
        }
        BrokerOptions options = persistent ? BrokerOptions.userDefaults() : BrokerOptions.defaults();
        System.err.println("starting the embedded Kafka broker (no --bootstrap-servers given)...");
        KafkaBroker broker = KafkaBroker.start(options);
        System.err.println("embedded Kafka broker at " + broker.bootstrapServers());
        return new Connection(broker.bootstrapServers(), broker);
    }
}
