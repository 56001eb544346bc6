package org.peng4nn.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.peng4nn.predictor.DurationSyntax;
import org.peng4nn.producers.EpochReporter;
import org.peng4nn.producers.StopListener;
import org.peng4nn.producers.bridge.AccuracyScale;
import org.peng4nn.producers.bridge.BridgeResult;
import org.peng4nn.producers.bridge.BridgeSettings;
import org.peng4nn.producers.bridge.LogFormat;
import org.peng4nn.producers.bridge.MetricLogBridge;
import org.peng4nn.producers.bridge.TrainerProcess;
import org.peng4nn.topics.TopicAdmin;
import org.peng4nn.topics.TopicCatalogue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn bridge}: early stopping for a trainer that only writes a metrics log. */
@Command(name = "bridge", mixinStandardHelpOptions = true,
        header = "Connects an existing trainer (any language) through the metrics log it writes.",
        description = {
            "Follows the metrics log a trainer already writes (Keras CSVLogger, PyTorch Lightning CSVLogger "
                    + "metrics.csv, or JSON lines such as {\"epoch\":3,\"val_acc\":71.2}), publishes each new "
                    + "validation accuracy to the epochs topic, and when the predictor sends the stop command for "
                    + "this model and run, writes --stop-file and/or sends --signal to --pid, then exits with 3.",
            "",
            "The log may not exist yet; a partial last line waits for its line break; a rotated, truncated or "
                    + "rewritten log is read again from its start (epochs already published are not repeated). "
                    + "Rows without the validation accuracy (Lightning's training-only rows) are skipped. "
                    + "Needs a running broker: start one with './peng4nn broker' and a predictor.",
            "",
            "Examples (Keras CSVLogger, Lightning CSVLogger, JSON lines):",
            "%n  ./peng4nn bridge --log train.csv --model-id m7 --max-epochs 25 \\",
            "      --pid 4242 --signal TERM",
            "%n  ./peng4nn bridge --log lightning_logs/version_0/metrics.csv \\",
            "      --model-id m8 --max-epochs 25 --stop-file STOP",
            "%n  ./peng4nn bridge --log metrics.jsonl --metric top1 --scale percent \\",
            "      --epoch-base 1 --model-id m9 --max-epochs 50 --pid 4242 --signal USR1"},
        footer = {"", "Exit status: 3 stopped by the predictor (stop file written and/or signal sent); "
                + "4 stop command received but the signal could not be sent (the trainer may still train); "
                + "0 training ended without a stop (last epoch read, or the trainer's process exited); "
                + "1 failure (broker unreachable...); 2 bad input or usage (credentials Kafka refused included).",
            "", KafkaConnection.SOURCES + " The bridge never starts a broker: without a bootstrap address from any "
                + "source it connects to localhost:9092, where './peng4nn broker' listens."})
final class BridgeCommand implements Callable<Integer> {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);

    @Option(names = "--log", required = true, paramLabel = "FILE",
            description = "The trainer's metrics log; need not exist yet.")
    Path log;

    @Option(names = "--format", defaultValue = "auto", paramLabel = "FORMAT",
            description = "auto, keras, lightning or jsonl. auto: JSON lines if the first line starts with '{', "
                    + "else CSV with a header. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--model-id", required = true, paramLabel = "ID", description = "The model the log is of.")
    String modelId;

    @Option(names = "--search-id", defaultValue = "bridge", paramLabel = "ID",
            description = "The search the model belongs to. Default: ${DEFAULT-VALUE}.")
    String searchId;

    @Option(names = "--run", defaultValue = "1", paramLabel = "N",
            description = "Attempt number; stop commands for other runs are ignored, and a stop sent in the last "
                    + "24 h for this model and run still counts: give a retried training a new number. "
                    + "Default: ${DEFAULT-VALUE}.")
    int run;

    @Option(names = "--max-epochs", required = true, paramLabel = "E",
            description = "Training budget in whole epochs; the bridge ends after reading epoch E-1 (0-based).")
    int maxEpochs;

    @Mixin
    LrMilestonesOption lrMilestones;

    @Option(names = "--metric", paramLabel = "NAME",
            description = "Column or key of the validation accuracy. Default: the first present of val_acc, "
                    + "val_accuracy, val/acc, val/accuracy, val_acc_epoch, valid_acc, ...")
    String metric;

    @Option(names = "--scale", defaultValue = "auto", paramLabel = "SCALE",
            description = "percent, fraction (0-1, as Keras writes; converted to percent) or auto (decided by "
                    + "the first value: at most 1.0 means fraction). Default: ${DEFAULT-VALUE}.")
    String scale;

    @Option(names = "--epoch-base", defaultValue = "0", paramLabel = "0|1",
            description = "The epoch number the log gives the first evaluation (Keras and Lightning: 0). "
                    + "Default: ${DEFAULT-VALUE}.")
    int epochBase;

    @Option(names = "--stop-file", paramLabel = "PATH",
            description = "Written on a stop command: the command as one JSON line (model_id, run, reason, "
                    + "at_epoch, predicted_final, issued_at).")
    Path stopFile;

    @Option(names = "--pid", paramLabel = "PID",
            description = "The trainer's process id: the bridge ends when it exits, and --signal goes to it.")
    Long pid;

    @Option(names = "--signal", paramLabel = "NAME",
            description = "Sent to --pid on a stop command, as 'kill -s NAME': TERM, INT, USR1... (checked at start).")
    String signal;

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--topic-prefix", defaultValue = TopicCatalogue.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Topic namespace. Default: '${DEFAULT-VALUE}'.")
    String topicPrefix;

    @Option(names = "--trainer-id", paramLabel = "ID",
            description = "trainer_id of the published events. Default: bridge@HOSTNAME.")
    String trainerId;

    @Option(names = "--poll", defaultValue = "500ms", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often the log and the stop commands are checked (" + DurationSyntax.EXAMPLES
                    + "). Default: ${DEFAULT-VALUE}.")
    Duration poll;

    // the older spelling, kept so existing scripts run
    @Option(names = "--poll-ms", paramLabel = "MS", description = "--poll in milliseconds (older spelling).")
    Long pollMs;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        BridgeSettings settings = settings();
        TopicCatalogue topics = TopicCatalogue.withPrefix(topicPrefix);
        KafkaSettings kafka = kafkaSettings();
        if (!ensureTopics(kafka, topics)) {
            return 1;
        }
        String trainer = trainerId != null ? trainerId : "bridge@" + hostName();
        System.err.printf("bridge: %s -> %s as model %s run %d (budget %d epochs%s)%n", log, topics.epochs().name(),
                modelId, run, maxEpochs, settings.lrMilestones().isEmpty() ? ""
                        : ", learning-rate milestones " + settings.lrMilestones());
        BridgeResult result;
        try (EpochReporter reporter = EpochReporter.create(kafka.properties(), topics, trainer);
             StopListener stops = StopListener.create(kafka.properties(), topics)) {
            result = new MetricLogBridge(settings, trainer, reporter, stops, System.err::println).run();
        }
        if (json) {
            JsonLine.print(System.out, summary(result));
        }
        return result.outcome().exitCode();
    }

    private BridgeSettings settings() throws BadInputException {
        if (stopFile == null && signal == null) {
            throw new BadInputException("nothing would stop the trainer: give --stop-file PATH and/or --pid PID "
                    + "--signal NAME");
        }
        if (epochBase != 0 && epochBase != 1) {
            throw new BadInputException("--epoch-base must be 0 or 1, not " + epochBase);
        }
        if (pid != null && !TrainerProcess.of(pid).isAlive()) {
            throw new BadInputException("--pid " + pid + ": no such process is running");
        }
        try {
            return new BridgeSettings(log, choice(LogFormat.class, "--format", format), metric,
                    choice(AccuracyScale.class, "--scale", scale), epochBase, searchId, modelId, run, maxEpochs,
                    lrMilestones.get(), stopFile, pid == null ? null : TrainerProcess.of(pid), signal, pollInterval());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** --poll-ms wins when given: the default of --poll would otherwise hide it. */
    Duration pollInterval() {
        return pollMs == null ? poll : Duration.ofMillis(pollMs);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String option, String value) throws BadInputException {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadInputException(option + " '" + value + "' is not one of "
                    + java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
                            .toList());
        }
    }

    /** Fails fast with one line when no broker answers, instead of the producer's minute of retries. */
    private boolean ensureTopics(KafkaSettings kafka, TopicCatalogue topics) throws InterruptedException,
            BadInputException {
        Properties admin = kafka.properties();
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(CONNECT_TIMEOUT.toMillis()));
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(CONNECT_TIMEOUT.toMillis()));
        try (Admin client = Admin.create(admin)) {
            client.describeCluster().clusterId().get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            TopicAdmin.ensureTopics(client, topics);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            KafkaErrors.rethrowRefusedCredentials(e, kafka.bootstrapServers());
            System.err.println("error: no Kafka broker answered at " + kafka.bootstrapServers() + " within "
                    + CONNECT_TIMEOUT.toSeconds() + " s (start one with './peng4nn broker', or give --bootstrap-servers)");
            return false;
        }
    }

    /** What every client of the bridge (topic admin, epoch reporter, stop listener) is built from. */
    KafkaSettings kafkaSettings() throws BadInputException {
        return kafka.settingsOrDefaultBroker();
    }

    private static Map<String, Object> summary(BridgeResult result) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
        m.put("exit_code", result.outcome().exitCode());
        m.put("published", result.published());
        m.put("last_epoch", result.lastEpoch());
        if (result.stop() != null) {
            m.put("reason", result.stop().getReason().name());
            m.put("at_epoch", result.stop().getAtEpoch());
            m.put("predicted_final", result.stop().getPredictedFinal());
        }
        return m;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
