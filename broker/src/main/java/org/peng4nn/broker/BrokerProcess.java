package org.peng4nn.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Main class of the broker child JVM that {@link KafkaBroker} launches; not meant to be run by hand.
 *
 * <p>Arguments: {@code <server.properties> <cleanup>}. It formats the storage if needed, starts a combined
 * broker+controller {@link KafkaRaftServer}, prints one {@value #READY_PREFIX}{@code <bootstrap>} line on stdout
 * and then runs until its stdin reaches end of file, which happens when the parent closes the pipe
 * ({@link KafkaBroker#close()}) and also when the parent dies in any way, kill -9 included (a poll of the parent
 * process backs this up): the child never outlives its parent. Kafka is then shut down cleanly, the {@link BrokerFiles.Cleanup} is applied and the JVM
 * exits. SIGINT/SIGTERM (Ctrl-C reaches the whole process group) also shut Kafka down cleanly.
 */
public final class BrokerProcess {

    /** Start of the line that tells the parent the broker accepts clients; the bootstrap address follows. */
    static final String READY_PREFIX = "PENG4NN_BROKER_READY bootstrap=";

    /** System property naming the file that {@code broker-log4j2.xml} writes Kafka's log to. */
    static final String LOG_FILE_PROPERTY = "peng4nn.broker.log";

    /** Exit status when startup failed or the parent went away before the broker was ready. */
    private static final int EXIT_FAILED = 1;

    /** How often the parent process is looked at, as a backup of the stdin pipe. */
    private static final long PARENT_POLL_MILLIS = 2_000;

    /** A broker that cannot shut down within this time after its parent went away is halted: never left behind. */
    private static final long SHUTDOWN_GRACE_MILLIS = 25_000;

    private static final Logger log = LoggerFactory.getLogger(BrokerProcess.class);

    private final BrokerFiles files;
    private final BrokerFiles.Cleanup cleanup;
    private final CountDownLatch parentGone = new CountDownLatch(1);
    private volatile boolean ready;
    private KafkaRaftServer server;
    private boolean stopped;

    private BrokerProcess(BrokerFiles files, BrokerFiles.Cleanup cleanup) {
        this.files = files;
        this.cleanup = cleanup;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BrokerProcess <server.properties> <KEEP|DATA|ALL>");
            System.exit(2);
        }
        // stdout carries the READY line only; whatever a library prints goes to the console log instead
        PrintStream protocol = System.out;
        System.setOut(System.err);

        Path propertiesFile = Path.of(args[0]);
        BrokerProcess process = new BrokerProcess(new BrokerFiles(propertiesFile.getParent()), BrokerFiles.Cleanup.valueOf(args[1]));
        process.run(propertiesFile, protocol);
    }

    private void run(Path propertiesFile, PrintStream protocol) throws InterruptedException {
        watchParent();
        Properties properties = new Properties();
        try {
            try (Reader in = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            format(propertiesFile);
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
            Runtime.getRuntime().addShutdownHook(new Thread(this::stopKafka, "kafka-broker-shutdown"));
            server.startup();
        } catch (Throwable e) {
            log.error("Kafka broker failed to start", e);
            e.printStackTrace();
            Runtime.getRuntime().halt(EXIT_FAILED);
        }

        String bootstrap = properties.getProperty("advertised.listeners").replaceFirst("^[A-Z_]+://", "");
        ready = true;
        log.info("Kafka broker ready at {}", bootstrap);
        protocol.println(READY_PREFIX + bootstrap);
        protocol.flush();

        parentGone.await();
        log.info("Parent closed the pipe: shutting the Kafka broker down");
        haltAfterGracePeriod();
        stopKafka();
        applyCleanup();
        System.exit(0);
    }

    /**
     * Runs {@code kafka-storage.sh format} on a fresh directory. A formatted one is left alone: it holds the
     * cluster id of a kept cluster, which a format with a new random id would refuse (even with
     * {@code --ignore-formatted}).
     */
    private void format(Path propertiesFile) {
        if (Files.exists(files.dataDir().resolve("meta.properties"))) {
            log.info("Storage in {} is formatted already: resuming its cluster", files.dataDir());
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of(
            "format", "--config", propertiesFile.toString(),
            "--cluster-id", Uuid.randomUuid().toString()));
        // SCRAM users live in the cluster metadata: created here, before the SASL listener takes its first client
        for (String user : scramUsers()) {
            args.add("--add-scram");
            args.add(user);
        }
        int status;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            status = StorageTool.execute(args.toArray(String[]::new), out);
        }
        String text = output.toString(StandardCharsets.UTF_8).strip();
        if (status != 0) {
            throw new IllegalStateException("formatting the storage failed (status " + status + "): " + text);
        }
        log.info("Storage: {}", text);
        try {
            Files.deleteIfExists(files.scramUsers()); // the users are in the metadata now; no passwords left lying
        } catch (IOException e) {
            log.warn("could not delete {}: {}", files.scramUsers(), e.toString());
        }
    }

    private List<String> scramUsers() {
        try {
            return Files.isRegularFile(files.scramUsers()) ? Files.readAllLines(files.scramUsers()) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + files.scramUsers(), e);
        }
    }

    /**
     * Notices the parent's end, in two daemon threads. The main signal is end of file on stdin: the parent never
     * writes to the pipe, so EOF comes when it closes it or when the operating system closes it because the
     * parent died. A slow poll of the parent process backs it up, in case some other process inherited the
     * pipe's write end and keeps it open.
     */
    private void watchParent() {
        Thread stdinWatch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() != -1) {
                    // the parent sends nothing: only the end of the stream matters
                }
            } catch (IOException e) {
                // a broken pipe means the same as EOF: the parent is gone
            }
            onParentGone();
        }, "parent-stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();

        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread poll = new Thread(() -> {
                try {
                    while (parent.isAlive()) {
                        Thread.sleep(PARENT_POLL_MILLIS);
                    }
                    onParentGone();
                } catch (InterruptedException e) {
                    // only at exit
                }
            }, "parent-process-watch");
            poll.setDaemon(true);
            poll.start();
        });
    }

    private void onParentGone() {
        if (ready) {
            parentGone.countDown();
        } else {
            // the parent gave up on us (or died) during startup: nobody will ever connect, stop at once
            applyCleanupQuietly();
            Runtime.getRuntime().halt(EXIT_FAILED);
        }
    }

    private void haltAfterGracePeriod() {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(SHUTDOWN_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("Kafka broker did not stop within " + SHUTDOWN_GRACE_MILLIS + " ms: halting");
            Runtime.getRuntime().halt(EXIT_FAILED);
        }, "shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** Called by the main thread after EOF and by the shutdown hook after a signal; the first call does the work. */
    private synchronized void stopKafka() {
        if (stopped || server == null) {
            return;
        }
        stopped = true;
        long start = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka broker stopped in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    private void applyCleanup() {
        try {
            cleanup.apply(files);
        } catch (IOException e) {
            log.warn("Could not delete broker files ({}) in {}", cleanup, files.root(), e);
        }
    }

    private void applyCleanupQuietly() {
        try {
            cleanup.apply(files);
        } catch (IOException | RuntimeException e) {
            // halting anyway; the parent (if alive) deletes what is left
        }
    }
}
