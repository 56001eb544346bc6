package org.peng4nn.broker;

import java.io.PrintStream;

/**
 * Runs a broker in the foreground, for the command line ({@code peng4nn broker}): start, report, block until
 * the thread is interrupted or the JVM is asked to stop (Ctrl-C, SIGTERM), stop cleanly.
 */
public final class BrokerRunner {

    private BrokerRunner() {
    }

    /**
     * Starts a broker, prints {@code Kafka broker ready at <bootstrap> (log dir <dir>)} to {@code out} and blocks.
     *
     * <p>On Ctrl-C the broker's JVM shutdown hook stops it cleanly; on an interrupt of the calling thread this
     * method stops it and returns (with the interrupt status set).
     *
     * @return an exit status for the command line: 0 after a requested stop, 1 if the broker died on its own
     * @throws BrokerStartException if the broker does not start
     */
    public static int run(BrokerOptions options, PrintStream out) {
        KafkaBroker broker = KafkaBroker.start(options);
        try {
            out.printf("Kafka broker ready at %s (log dir %s)%n", broker.bootstrapServers(), broker.logDir());
            out.flush();
            int status = broker.awaitExit();
            if (broker.isClosed()) {
                return 0;
            }
            out.printf("Kafka broker stopped unexpectedly with status %d%n%s", status, broker.logTail());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            broker.close();
            out.println("Kafka broker stopped");
            out.flush();
        }
    }
}
