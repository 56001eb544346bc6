package org.peng4nn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.engine.evaluation.EvaluationReport;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.policy.StoppingPolicy;
import org.peng4nn.predictor.DurationSyntax;
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
        description = {"Reads learning curves from an epochs topic (--from-topic, read to its current end; each model's latest run) or from a file (--input), streams them through a real predictor instance with the given policy in a namespace of its own (fresh topics and application id, deleted afterwards unless --keep-topics), and reports the metrics of 'evaluate' from the results it publishes.",
            "",
            KafkaConnection.SOURCES + " Keys of the --config file other than predictor.*, topics.* and http.* count as Kafka settings too, below the others.",
            "",
            "Embedded broker: with --input and no bootstrap address from any source, replay starts a temporary embedded broker; --from-topic needs an address, since the topic lives on your cluster."})
final class ReplayCommand implements Callable<Integer> {

    @Option(names = "--from-topic", paramLabel = "TOPIC", description = "Epochs topic to replay (EpochMetric events): "
            + "'epochs' for peng4nn.epochs, or any topic's full name.")
    String fromTopic;

    @ArgGroup(exclusive = false, heading = "Curves from a file instead:%n")
    CurveInputOptions file;

    @Mixin
    KafkaConnection kafka;

    @Mixin
    PolicyOptions policyOptions;

    @Mixin
    LrMilestonesOption lrMilestones;

    @Option(names = "--config", paramLabel = "FILE", description = "Predictor properties file (see 'predictor --help').")
    Path configFile;

    @Option(names = "--timeout", defaultValue = "10m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Longest wait for every model's result (" + DurationSyntax.EXAMPLES + "). "
                    + "Default: ${DEFAULT-VALUE}.")
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
        StoppingPolicy policy = policyOptions.build();
        PredictorConfig config = config();
        if (fromTopic != null && config.bootstrapServers().isBlank()) {
            throw new BadInputException("--from-topic needs a bootstrap address (--bootstrap-servers, -k, "
                    + "--kafka-config or " + KafkaConnection.ENV_PREFIX + "BOOTSTRAP_SERVERS): the topic lives on your cluster");
        }

        try (KafkaConnection.Connection connection = KafkaConnection.connect(config.bootstrapServers(),
                KafkaConnection.Embedded.TEMPORARY)) {
            config = config.with("bootstrap.servers", connection.bootstrapServers());
            List<LabeledCurve> curves = fromTopic != null ? fromTopic(config) : file.load();
            if (curves.isEmpty()) {
                throw new BadInputException("no curves to replay");
            }
            Path work = Files.createTempDirectory("peng4nn-replay");
            CurveReplay.ReplayResult outcome;
            try (Progress progress = Progress.of("replay " + policy.name(), curves.size())) {
                int[] shown = {0};
                outcome = CurveReplay.run(curves, lrMilestones.get(), config, work, timeout, keepTopics, (done, total) -> {
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
                Map<String, Object> metrics = EvaluationSummary.of(report, policy.name(), policyOptions.settings());
                metrics.put("namespace", outcome.namespace());
                JsonLine.print(System.out, metrics);
            }
        }
        return 0;
    }

    /**
     * The one configuration the replay's predictor and, through {@link PredictorConfig#clientProperties()}, its topic
     * reader, epoch writer, result reader and topic admin are built from.
     */
    PredictorConfig config() throws BadInputException {
        Map<String, String> overrides = new LinkedHashMap<>(kafka.settings().values());
        overrides.put("predictor.policy", policyOptions.policy);
        policyOptions.settings().forEach((k, v) -> overrides.put("predictor.policy." + k, v));
        return PredictorConfigLoader.load(configFile, kafka.environment, overrides);
    }

    private List<LabeledCurve> fromTopic(PredictorConfig config) throws BadInputException {
        try {
            String topic = TopicCurves.topicName(fromTopic);
            EpochTopicReader.Curves read = EpochTopicReader.read(config.clientProperties(), topic,
                    Duration.ofMinutes(2));
            System.err.printf("read %d records of %s: %d curves (each model's latest run); skipped as undecodable, "
                            + "invalid or late for an older run: %d%n", read.records(), topic,
                    read.curves().size(), read.skipped());
            return read.curves();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }
}
