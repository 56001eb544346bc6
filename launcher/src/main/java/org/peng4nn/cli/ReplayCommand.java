package org.peng4nn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.predictor.replay.CurveReplay;
import org.peng4nn.predictor.replay.EpochTopicReader;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn replay}: historical curves through a real predictor instance in a namespace of its own. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        header = "Replays historical curves through the streaming predictor.",
        description = "Reads learning curves from an epochs topic (--from-topic, read to its current end; each model's latest run) or from a file (--input), streams them through a real predictor instance with the given policy in a namespace of its own (fresh topics and application id, deleted afterwards unless --keep-topics), and reports the metrics of 'evaluate' from the results it publishes. Without --bootstrap-servers it starts a temporary embedded broker, so --from-topic needs --bootstrap-servers.")
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--from-topic", paramLabel = "TOPIC", description = "Epochs topic to replay (EpochMetric events).")
    String fromTopic;

    @ArgGroup(exclusive = false, heading = "Curves from a file instead:%n")
    CurveInputOptions file;

    @Mixin
    KafkaOptions kafka;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--config", paramLabel = "FILE", description = "Predictor properties file (see 'predictor --help').")
    Path configFile;

    @Option(names = "--timeout", defaultValue = "PT10M", paramLabel = "DURATION",
            description = "Longest wait for every model's result (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--keep-topics", description = "Keep the replay's topics for inspection.")
    boolean keepTopics;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if ((fromTopic == null) == (file == null)) {
            throw new BadInputException("give either --from-topic TOPIC or --input FILE");
        }
        if (fromTopic != null && kafka.bootstrapServers == null) {
            throw new BadInputException("--from-topic needs --bootstrap-servers: the topic lives on your cluster");
        }
        StoppingPolicy policy = policyOptions.build();
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("predictor.policy", policyOptions.policy);
        policyOptions.settings().forEach((k, v) -> flags.put("predictor.policy." + k, v));
        PredictorConfig config = PredictorCommand.load(configFile, flags, null, null, kafka.bootstrapServers);

        try (KafkaOptions.Connection connection = kafka.connect(false)) {
            config = config.with("bootstrap.servers", connection.bootstrapServers());
            List<LabeledCurve> curves = fromTopic != null ? fromTopic(connection) : file.load();
            if (curves.isEmpty()) {
                throw new BadInputException("no curves to replay");
            }
            Path work = Files.createTempDirectory("peng4nn-replay");
            CurveReplay.ReplayResult outcome;
            try (Progress progress = Progress.of("replay " + policy.name(), curves.size())) {
                int[] shown = {0};
                outcome = CurveReplay.run(curves, config, work, timeout, keepTopics, (done, total) -> {
                    for (; shown[0] < done; shown[0]++) {
                        progress.step();
                    }
                });
            }
            EvaluationReport report = outcome.report();
            System.err.printf("replay of %s through the predictor (%s, namespace %s): %d models, %d of %d epochs "
                            + "used (%.1f%% saved), %d stopped early, MAE %.2f pp, top-10%% recall %.2f%n",
                    fromTopic != null ? fromTopic : file.input, policy.name(), outcome.namespace(), report.models(),
                    report.epochsUsed(), report.epochsTotal(), 100 * report.epochsSaved(), report.stopped(),
                    report.mae(), report.top10Recall());
            if (json) {
                Map<String, Object> metrics = EvaluateCommand.metrics(report, policy.name(), policyOptions.settings());
                metrics.put("namespace", outcome.namespace());
                JsonLine.print(System.out, metrics);
            }
        }
        return 0;
    }

    private List<LabeledCurve> fromTopic(KafkaOptions.Connection connection) throws BadInputException {
        Properties client = new Properties();
        client.put("bootstrap.servers", connection.bootstrapServers());
        try {
            EpochTopicReader.Curves read = EpochTopicReader.read(client, fromTopic, Duration.ofMinutes(2));
            System.err.printf("read %d records of %s: %d curves (each model's latest run); skipped as undecodable, "
                            + "invalid or late for an older run: %d%n", read.records(), fromTopic,
                    read.curves().size(), read.skipped());
            return read.curves();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }
}
