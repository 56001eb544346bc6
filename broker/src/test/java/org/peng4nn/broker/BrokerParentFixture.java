package org.peng4nn.broker;

/**
 * A parent JVM for {@link KafkaBrokerTest}, which kills it. With argument {@code runner} it runs
 * {@link BrokerRunner#run} as the command line does (which prints the ready line); otherwise it starts a broker
 * through {@link KafkaBroker#start} and announces {@value #PREFIX}{@code <pid> <log dir>}. Then it waits.
 */
public final class BrokerParentFixture {

    static final String PREFIX = "BROKER ";

    private BrokerParentFixture() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && args[0].equals("runner")) {
            BrokerRunner.run(BrokerOptions.defaults(), System.out);
            return;
        }
        KafkaBroker broker = KafkaBroker.start(BrokerOptions.defaults());
        System.out.println(PREFIX + broker.pid() + " " + broker.logDir());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
