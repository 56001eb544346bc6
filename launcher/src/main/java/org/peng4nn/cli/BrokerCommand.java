package org.peng4nn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peng4nn.broker.BrokerOptions;
import org.peng4nn.broker.BrokerRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./peng4nn broker}: the embedded single-node KRaft broker in the foreground. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        header = "Runs the embedded Kafka broker in the foreground.",
        description = "Runs a real single-node Kafka broker (KRaft, broker and controller in one child JVM, no Docker) in the foreground and prints its bootstrap address. Ctrl-C stops it cleanly. Data is kept in --data-dir between runs unless --temporary is given.")
final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092", paramLabel = "PORT",
            description = "Loopback port for clients; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Log and data directory. Default: ~/.peng4nn/broker.")
    Path dataDir;

    @Option(names = "--temporary", description = "Use a fresh temporary directory, deleted on exit.")
    boolean temporary;

    @Option(names = "--heap", defaultValue = "1g", paramLabel = "SIZE",
            description = "Broker JVM heap (-Xmx). Default: ${DEFAULT-VALUE}.")
    String heap;

    @Override
    public Integer call() {
        BrokerOptions options = temporary ? BrokerOptions.defaults() : BrokerOptions.userDefaults();
        if (dataDir != null && !temporary) {
            options = BrokerOptions.persistent(dataDir);
        }
        options = options.withPort(port).withMaxHeap(heap);
        return BrokerRunner.run(options, System.out);
    }
}
