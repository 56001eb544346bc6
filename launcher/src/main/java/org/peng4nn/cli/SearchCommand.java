package org.peng4nn.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.predictor.DurationSyntax;
import org.peng4nn.search.InputShape;
import org.peng4nn.search.JobLeases;
import org.peng4nn.search.SearchDriver;
import org.peng4nn.search.SearchOptions;
import org.peng4nn.search.leaderboard.CandidateStatus;
import org.peng4nn.search.leaderboard.LeaderboardCsv;
import org.peng4nn.search.leaderboard.LeaderboardTable;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.topics.TopicCatalogue;
import org.peng4nn.topics.TopicSetupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn search}: the NAS driver, over a running broker with trainers and predictor attached. */
@Command(name = "search", mixinStandardHelpOptions = true,
        header = "Runs a neural architecture search over Kafka (random or NSGA-II).",
        description = {"Searches the macro space (1-4 convolution blocks of kernel 3|5, 8-64 channels, pooling none|max|avg, "
                + "skip or not; then a dense layer of 0|64|128 units) by publishing one training job per network to the "
                + "jobs topic and ranking the results on the results topic by the fitness they carry: the predicted final "
                + "accuracy for networks the predictor stopped early, the observed one otherwise. NSGA-II maximizes that "
                + "fitness and minimizes the parameter count, breeding each generation from the previous one's results.",
            "",
            "Needs a broker with trainers and the predictor attached (commands trainer and predictor); never starts one: "
                + "without a bootstrap address from any source it connects to localhost:9092. "
                + "Writes DIR/leaderboard.csv and prints the leaderboard, best first. A search id that was used before "
                + "resumes that search: results already on the topic are taken instead of training again.",
            "",
            KafkaConnection.SOURCES},
        footer = {"", "Example:", "  ./peng4nn search --bootstrap-servers localhost:9092 --strategy nsga2 \\",
            "      --population 8 --generations 3 --dataset fashion-mnist --max-epochs 15 \\",
            "      --out runs/nas1 --json"})
final class SearchCommand implements Callable<Integer> {

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--topic-prefix", defaultValue = TopicCatalogue.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Prefix of the topic names (jobs, results...). Default: '${DEFAULT-VALUE}'.")
    String topicPrefix;

    @Option(names = "--strategy", defaultValue = "nsga2", paramLabel = "random|nsga2",
            description = "random: --models networks drawn uniformly; nsga2: --generations generations of "
                    + "--population networks. Default: ${DEFAULT-VALUE}.")
    String strategy;

    @Option(names = "--models", defaultValue = "10", paramLabel = "N",
            description = "Random search: number of networks. Default: ${DEFAULT-VALUE}.")
    int models;

    @Option(names = "--population", defaultValue = "8", paramLabel = "P",
            description = "NSGA-II: networks per generation. Default: ${DEFAULT-VALUE}.")
    int population;

    @Option(names = "--generations", defaultValue = "4", paramLabel = "G",
            description = "NSGA-II: generations. Default: ${DEFAULT-VALUE}.")
    int generations;

    @Option(names = "--dataset", defaultValue = "synthetic", paramLabel = "NAME",
            description = "Dataset the trainers train on: synthetic (generated, no files), fashion-mnist, cifar100, "
                    + "svhn, or another with --input-shape and --classes. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--input-shape", paramLabel = "CxHxW",
            description = "Example shape, e.g. 1x28x28, for parameter counts. Default: the dataset's own.")
    String inputShape;

    @Option(names = "--classes", paramLabel = "N", description = "Classes of the dataset (with --input-shape).")
    Integer classes;

    @Option(names = "--max-epochs", defaultValue = "25", paramLabel = "E",
            description = "Training budget of every network. Default: ${DEFAULT-VALUE}.")
    int maxEpochs;

    @Option(names = "--hyper", paramLabel = "KEY=VALUE",
            description = "A training hyper-parameter passed to every job, e.g. learning_rate=0.001; repeatable.")
    Map<String, String> hyperParameters = new LinkedHashMap<>();

    @Mixin
    LrMilestonesOption lrMilestones;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the strategy: same seed and results, same search. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--search-id", paramLabel = "ID",
            description = "Identifies the search in jobs, results and model ids. Default: search-<date>-<time>.")
    String searchId;

    @Option(names = "--out", paramLabel = "DIR", description = "Where leaderboard.csv goes. Default: runs/<search id>.")
    Path out;

    @Option(names = "--timeout", defaultValue = "1h", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for a generation's results (" + DurationSyntax.EXAMPLES + "); networks "
                    + "without a result by then are reported MISSING and ranked last. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--job-lease", defaultValue = SearchOptions.DEFAULT_JOB_LEASE_TEXT, paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "How long a job a trainer has taken may go without an epoch event (counted from the moment "
                    + "it is taken, then from each epoch; time in the queue does not count) before its trainer is "
                    + "presumed dead and the job is published again as the next run, for another trainer. "
                    + "After " + JobLeases.DEFAULT_MAX_RUNS + " runs the network is reported MISSING. Longer than "
                    + "a dataset load plus the slowest epoch; 1s to 24h. Default: ${DEFAULT-VALUE}.")
    Duration jobLease;

    @Option(names = "--top", defaultValue = "20", paramLabel = "N",
            description = "Rows of the leaderboard printed. Default: ${DEFAULT-VALUE}.")
    int top;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SearchOptions options = options();
        Path csv = (out != null ? out : Path.of("runs", options.searchId())).resolve("leaderboard.csv");
        KafkaSettings settings = kafkaSettings();
        SearchDriver driver = new SearchDriver(settings.properties(), TopicCatalogue.withPrefix(topicPrefix), options);
        int planned = options.newStrategy().plannedModels();
        System.err.printf("search %s: %s over %,d architectures, %d networks planned on %s (%s), %d epochs each, "
                        + "brokers %s%n", options.searchId(), options.strategy().name().toLowerCase(Locale.ROOT),
                options.space().size(), planned, options.dataset(), options.inputShape(), maxEpochs, settings.bootstrapServers());

        SearchReport report;
        try (Progress progress = Progress.of("search " + options.searchId(), planned)) {
            report = driver.run(new SearchConsole(progress));
        } catch (TopicSetupException e) {
            throw new BadInputException("Kafka at " + settings.bootstrapServers() + ": " + e.getMessage());
        }

        LeaderboardCsv.write(csv, report);
        System.out.print(LeaderboardTable.format(report, top));
        System.err.printf(Locale.ROOT, "%d networks, %d stopped early, %d stopped by hand, %d failed, %d missing; "
                        + "%.1f of %d epochs trained (%.1f%% saved); leaderboard: %s%n", report.models(),
                report.stoppedEarly(), report.count(CandidateStatus.STOPPED_BY_HAND),
                report.count(CandidateStatus.FAILED), report.count(CandidateStatus.MISSING), report.epochsUsed(),
                report.epochsBudget(), 100 * report.epochsSaved(), csv);
        if (json) {
            JsonLine.print(System.out, SearchSummary.of(report, csv));
        }
        return 0;
    }

    /** What every client of the search (its admin, job producer and result consumer) is built from. */
    KafkaSettings kafkaSettings() throws BadInputException {
        return kafka.settingsOrDefaultBroker();
    }

    private SearchOptions options() throws BadInputException {
        SearchOptions.Builder builder = SearchOptions.builder(
                        searchId != null ? searchId
                                : "search-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")),
                        dataset, shape())
                .maxEpochs(maxEpochs).hyperParameters(hyperParameters).lrMilestones(lrMilestones.get()).seed(seed)
                .generationTimeout(timeout).jobLease(jobLease);
        switch (strategy.toLowerCase(Locale.ROOT)) {
            case "random" -> builder.random(models);
            case "nsga2" -> builder.nsga2(population, generations);
            default -> throw new BadInputException("--strategy " + strategy + ": expected random or nsga2");
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private InputShape shape() throws BadInputException {
        try {
            if (inputShape != null || classes != null) {
                if (inputShape == null || classes == null) {
                    throw new BadInputException("--input-shape and --classes go together");
                }
                return InputShape.parse(inputShape, classes);
            }
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--input-shape " + inputShape + ": " + e.getMessage());
        }
        return InputShape.ofDataset(dataset).orElseThrow(() -> new BadInputException("--dataset " + dataset
                + ": its input shape is not known here; give --input-shape CxHxW and --classes N"));
    }
}
