package org.peng4nn.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.peng4nn.cli.curves.CurveFile;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.datasets.DatasetException;
import org.peng4nn.datasets.SplitOptions;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.predictor.DurationSyntax;
import org.peng4nn.predictor.PredictorApp;
import org.peng4nn.predictor.PredictorConfig;
import org.peng4nn.predictor.dashboard.Dashboard;
import org.peng4nn.predictor.replay.EpochTopicReader;
import org.peng4nn.search.InputShape;
import org.peng4nn.search.SearchDriver;
import org.peng4nn.search.SearchOptions;
import org.peng4nn.search.leaderboard.LeaderboardCsv;
import org.peng4nn.search.leaderboard.LeaderboardTable;
import org.peng4nn.search.leaderboard.CandidateStatus;
import org.peng4nn.search.leaderboard.SearchReport;
import org.peng4nn.trainer.DatasetCache;
import org.peng4nn.trainer.TrainerWorker;
import org.peng4nn.trainer.Training;
import org.peng4nn.trainer.TrainingSettings;
import org.peng4nn.trainer.WorkerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ./peng4nn demo}: the whole system in one process — embedded broker, predictor with its HTTP API, DL4J
 * trainer workers and the NAS driver — running one small search, then shutting everything down.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        header = "Runs a small NAS search end to end: broker, predictor, DL4J trainers, search driver.",
        description = {"Starts a temporary embedded Kafka broker (unless a Kafka source below gives bootstrap.servers), the streaming "
                + "predictor with its HTTP API, --workers DL4J trainer workers and the search driver, all in this "
                + "process. The driver publishes one training job per network; the workers train them and publish "
                + "the validation accuracy after every epoch; the predictor fits each learning curve and stops a "
                + "network once its predicted final accuracy has settled; the driver ranks the networks by that "
                + "prediction (or by the accuracy reached, for networks trained to the end).",
            "",
            "Prints the leaderboard (stdout), writes it to runs/<search id>/leaderboard.csv with the learning curves "
                + "(curves.csv, for evaluate and tune) and their plot (curves.png) and, with --json, ends "
                + "with one JSON object: models, stopped_early, epochs_used, epochs_budget, epochs_saved, best_model, "
                + "best_fitness, dashboard_url (the live dashboard of this search, served by the predictor; with "
                + "--keep-open it keeps answering after the search until Ctrl-C). Ctrl-C stops everything at any time.",
            "",
            KafkaConnection.SOURCES,
            "",
            "Without --data-dir the networks train on 'synthetic', a procedurally generated dataset, and the demo says "
                + "so. The defaults finish in a few minutes on 2 cores; --no-early-stop runs the same search (same "
                + "seed, same networks) to the full budget, for comparison."},
        footer = {"", "Examples:", "  ./peng4nn demo --json",
            "  ./peng4nn demo --no-early-stop --json            # the same search without early stopping",
            "  ./peng4nn demo --keep-open                       # browse the dashboard after the search; Ctrl-C ends it",
            "  ./peng4nn demo --dataset fashion-mnist --data-dir data --limit 6000 --models 12 --max-epochs 20"})
final class DemoCommand implements Callable<Integer> {

    /**
     * The demo's defaults, in one place: they decide what the demo shows (how much early stopping saves, how long
     * it takes), so a change is made here and measured with {@code demo --json} against {@code demo --no-early-stop
     * --json} (docs/demo.md has the figures). They resemble a real NAS: the paper's 25-epoch budget, and a stepped
     * learning rate whose cut makes good networks plateau well inside the budget, as real schedules do; on the
     * synthetic data the networks of seed 1 then end between 26 and 79%.
     */
    static final class Defaults {
        static final String MODELS = "8";
        /** The paper's budget (PEng4NN's NSGA-Net runs: 25 epochs). */
        static final String MAX_EPOCHS = "25";
        /**
         * One cut (x lr_decay = 0.1) at epoch 10: networks climb to it, jump, then stay flat for 15 epochs, the
         * plateau early stopping exists for. A later cut (15, 20) would leave too little plateau to save much.
         */
        static final String LR_MILESTONES = "10";

        private Defaults() {
        }
    }

    @Mixin
    KafkaConnection kafka;

    @Mixin
    PredictorPolicyOptions policy;

    @Option(names = "--models", defaultValue = Defaults.MODELS, paramLabel = "N",
            description = "Networks to train in all. Default: ${DEFAULT-VALUE}.")
    int models;

    @Option(names = "--max-epochs", defaultValue = Defaults.MAX_EPOCHS, paramLabel = "E",
            description = "Training budget of every network. Default: ${DEFAULT-VALUE}.")
    int maxEpochs;

    // the shared option's reading and errors (LrMilestonesOption), with the demo's own default schedule
    @Option(names = LrMilestonesOption.NAME, defaultValue = Defaults.LR_MILESTONES, paramLabel = "E1,E2,...",
            converter = LrMilestonesOption.Converter.class,
            description = "Learning-rate milestones of every network: the 0-based epochs from which the trainers "
                    + "multiply the rate by lr_decay (--hyper lr_decay=F, default " + TrainingSettings.DEFAULT_LR_DECAY
                    + "); the events carry them, so the predictor does not stop a plateau a cut is about to end. "
                    + "'' for a constant rate. Default: '${DEFAULT-VALUE}'.")
    LrMilestones lrMilestones;

    @Option(names = "--strategy", defaultValue = "random", paramLabel = "random|nsga2",
            description = "random: --models networks drawn uniformly; nsga2: --generations generations of "
                    + "--models/--generations networks, each bred from the previous one's results. "
                    + "Default: ${DEFAULT-VALUE}.")
    String strategy;

    @Option(names = "--generations", defaultValue = "2", paramLabel = "G",
            description = "NSGA-II generations. Default: ${DEFAULT-VALUE}.")
    int generations;

    @Option(names = "--dataset", defaultValue = "synthetic", paramLabel = "synthetic|fashion-mnist|cifar100|svhn",
            description = "Dataset to train on; all but synthetic need --data-dir. Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of the dataset files (see trainer --help).")
    Path dataDir;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Use at most N images (train + validation); 0 = all, or for synthetic its default 2400.")
    int limit;

    @Option(names = "--workers", defaultValue = "2", paramLabel = "N",
            description = "Trainer workers, each training one network at a time on cores/N threads. "
                    + "Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--threads", paramLabel = "N",
            description = "Native threads ND4J may use per worker. Default: the CPU count divided by --workers.")
    Integer threads;

    @Option(names = "--hyper", paramLabel = "KEY=VALUE",
            description = "A training hyper-parameter of every network (learning_rate, batch_size, seed, "
                    + "eval_interval, lr_decay); repeatable. Defaults: learning_rate=" + TrainingSettings.DEFAULT_LEARNING_RATE
                    + " (Adam), batch_size=" + TrainingSettings.DEFAULT_BATCH_SIZE + ", seed="
                    + TrainingSettings.DEFAULT_SEED + ", eval_interval=1 (epochs).")
    Map<String, String> hyperParameters = new LinkedHashMap<>();

    @Option(names = "--no-early-stop",
            description = "Train every network to --max-epochs: the predictor still predicts but never stops.")
    boolean noEarlyStop;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
            description = "Seed of the search: same seed, same networks. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Where leaderboard.csv goes. Default: runs/<search id>.")
    Path out;

    @Option(names = "--timeout", defaultValue = "30m", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for a generation's results (" + DurationSyntax.EXAMPLES + "); networks "
                    + "without one by then are reported MISSING. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = {"--keep-open", "--stay"}, description = "After the search, keep the broker, the predictor and "
            + "its dashboard up until Ctrl-C, so dashboard_url can be browsed (--stay: the former name).")
    boolean keepOpen;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        validate();
        long started = System.nanoTime();
        String searchId = "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + (noEarlyStop ? "-full" : "");
        SearchOptions search = searchOptions(searchId);
        PredictorConfig predictorConfig = predictorConfig(searchId);
        Path csv = (out != null ? out : Path.of("runs", searchId)).resolve("leaderboard.csv");

        // Trainers and predictor share the cores: give each worker its slice, or every epoch gets several times slower.
        int ndThreads = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() / workers);
        Training.limitThreads(ndThreads);
        DatasetCache datasets = new DatasetCache(dataDir, new SplitOptions(limit, 0.1667, 42));
        Dataset data = load(datasets);
        System.err.println("dataset " + data.describe());
        if (data.synthetic()) {
            System.err.println("note: no --data-dir given, so the networks train on a procedurally generated dataset "
                    + "(shapes, orientations, textures), not on real images");
        }

        try (Shutdown shutdown = new Shutdown()) {
            KafkaConnection.Connection connection = shutdown.register(KafkaConnection.connect(
                    predictorConfig.bootstrapServers(), KafkaConnection.Embedded.TEMPORARY));
            Path stateDir = Files.createDirectories(csv.resolveSibling("predictor-state"));
            shutdown.register(() -> ScratchDirectory.delete(stateDir));
            predictorConfig = predictorConfig.with("bootstrap.servers", connection.bootstrapServers())
                    .with("state.dir", stateDir.toString());
            PredictorApp predictor = shutdown.register(
                    PredictorApp.start(predictorConfig, PredictorConfigLoader.home(), Duration.ofMinutes(2)));
            String dashboard = predictor.httpPort() > 0 ? "http://" + predictorConfig.httpHost() + ":"
                    + predictor.httpPort() + Dashboard.PATH + "#" + searchId : null;
            System.err.printf("predictor running (policy %s); dashboard: %s%n",
                    noEarlyStop ? "never (--no-early-stop)" : predictorConfig.get("predictor.policy"), dashboard);

            Properties clients = predictorConfig.clientProperties();
            String group = "peng4nn-demo-" + UUID.randomUUID();
            for (int i = 1; i <= workers; i++) {
                TrainerWorker worker = shutdown.register(TrainerWorker.create(new WorkerOptions(clients,
                        predictorConfig.topics(), group, "demo-trainer-" + i, datasets, false)));
                worker.start();
            }
            System.err.printf("%d DL4J trainer worker(s) on the %s backend, %d thread(s) each%n", workers,
                    Training.backendName(), ndThreads);

            SearchDriver driver = new SearchDriver(clients, predictorConfig.topics(), search);
            SearchReport report;
            try (Progress progress = Progress.of("search " + searchId, search.newStrategy().plannedModels())) {
                report = driver.run(new SearchConsole(progress));
            }
            double wallSeconds = (System.nanoTime() - started) / 1e9;

            LeaderboardCsv.write(csv, report);
            List<LabeledCurve> learningCurves = searchCurves(clients, predictorConfig, searchId);
            Path curves = CurveFile.writeLong(learningCurves, csv.resolveSibling("curves.csv"));
            Path plot = csv.resolveSibling("curves.png");
            CurvesPlot.write(plot, String.format(Locale.ROOT, "%s: %d networks, %d stopped early, %.0f%% of epochs saved",
                    searchId, report.models(), report.stoppedEarly(), 100 * report.epochsSaved()), searchId,
                    learningCurves, report.rows());
            System.out.print(LeaderboardTable.format(report, 20));
            System.err.printf(Locale.ROOT, "%d networks, %d stopped early, %d failed, %d missing; %.1f of %d epochs "
                            + "trained (%.1f%% saved) in %.0f s; leaderboard: %s%n", report.models(),
                    report.stoppedEarly(), report.count(CandidateStatus.FAILED), report.count(CandidateStatus.MISSING),
                    report.epochsUsed(), report.epochsBudget(), 100 * report.epochsSaved(), wallSeconds, csv);
            System.err.printf("learning curves: %s, plotted in %s (try other policies on them: ./peng4nn evaluate "
                    + "--input %s%s)%n", curves, plot, curves, noEarlyStop ? "" : "; complete only with --no-early-stop");
            if (json) {
                Map<String, Object> summary = SearchSummary.of(report, csv);
                summary.put("dashboard_url", dashboard);
                summary.put("curves", curves.toString());
                summary.put("curves_plot", plot.toString());
                summary.put("dataset", data.name());
                summary.put("synthetic_dataset", data.synthetic());
                summary.put("early_stop", !noEarlyStop);
                summary.put("wall_s", Math.round(wallSeconds * 10) / 10.0);
                summary.put("max_epochs", maxEpochs);
                summary.put("lr_milestones", lrMilestones.epochs());
                JsonLine.print(System.out, summary);
            }
            if (keepOpen) {
                System.err.println("--keep-open: the broker, the predictor and its dashboard " + dashboard
                        + " stay up; Ctrl-C ends the demo");
                shutdown.awaitSignal();
            }
        }
        return 0;
    }

    /** The search's learning curves as read back from the epochs topic (what the predictor saw). */
    private static List<LabeledCurve> searchCurves(Properties clients, PredictorConfig config, String searchId) {
        return EpochTopicReader.read(clients, config.topics().epochMetrics(), Duration.ofMinutes(1))
                .curves().stream().filter(curve -> curve.modelId().startsWith(searchId + "-")).toList();
    }

    private void validate() throws BadInputException {
        if (models < 1 || maxEpochs < 1 || workers < 1 || generations < 1 || limit < 0
                || (threads != null && threads < 1)) {
            throw new BadInputException("--models, --max-epochs, --workers, --generations and --threads must be >= 1, "
                    + "--limit >= 0");
        }
        // the in-process trainers are DL4J's, whose schedule counts whole epochs: fail now, not once per job
        if (lrMilestones.epochs().stream().anyMatch(m -> m != Math.rint(m))) {
            throw new BadInputException(LrMilestonesOption.NAME + " " + lrMilestones
                    + ": the demo's DL4J trainers change the rate at whole epochs only");
        }
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new BadInputException("--data-dir " + dataDir + ": not a directory");
        }
    }

    private SearchOptions searchOptions(String searchId) throws BadInputException {
        InputShape shape = InputShape.ofDataset(dataset).orElseThrow(() -> new BadInputException(
                "--dataset " + dataset + ": expected synthetic, fashion-mnist, cifar100 or svhn"));
        SearchOptions.Builder builder = SearchOptions.builder(searchId, dataset, shape).maxEpochs(maxEpochs).seed(seed)
                .hyperParameters(hyperParameters).lrMilestones(lrMilestones)
                .generationTimeout(timeout);
        switch (strategy.toLowerCase(Locale.ROOT)) {
            case "random" -> builder.random(models);
            case "nsga2" -> builder.nsga2(Math.max(2, models / generations), generations);
            default -> throw new BadInputException("--strategy " + strategy + ": expected random or nsga2");
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /**
     * The one configuration the demo's predictor and, through {@link PredictorConfig#clientProperties()}, its trainers,
     * search driver and curve reader are built from; a private application id, since a given broker may host others.
     */
    PredictorConfig predictorConfig(String searchId) throws BadInputException {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("application.id", "peng4nn-demo-" + UUID.randomUUID());
        overrides.putAll(kafka.settings().values());
        overrides.putAll(policy.overrides());
        if (noEarlyStop) {
            overrides.put("predictor.search." + searchId + ".policy", "never");
        }
        return PredictorConfigLoader.load(null, kafka.environment, overrides);
    }

    private Dataset load(DatasetCache datasets) throws BadInputException {
        try {
            return datasets.get(dataset);
        } catch (DatasetException e) {
            throw new BadInputException("--dataset " + dataset + ": " + e.getMessage());
        }
    }

    /**
     * Closes what the demo started, last started first, exactly once: at the end of the run or on Ctrl-C, whichever
     * comes first (a JVM shutdown hook, since Ctrl-C interrupts nothing in the main thread).
     */
    private static final class Shutdown implements AutoCloseable {
        private final Deque<AutoCloseable> started = new ArrayDeque<>();
        private final CountDownLatch signal = new CountDownLatch(1);
        private final Thread hook = new Thread(this::closeAll, "demo-shutdown");
        private boolean closed;

        Shutdown() {
            Runtime.getRuntime().addShutdownHook(hook);
        }

        synchronized <T extends AutoCloseable> T register(T resource) {
            if (closed) {
                closeQuietly(resource);
                throw new IllegalStateException("shutting down");
            }
            started.push(resource);
            return resource;
        }

        void awaitSignal() throws InterruptedException {
            signal.await();
        }

        private void closeAll() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            signal.countDown();
            System.err.println("demo: shutting down trainers, predictor and broker...");
            while (!started.isEmpty()) {
                closeQuietly(started.pop());
            }
        }

        private static void closeQuietly(AutoCloseable resource) {
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("demo: error while shutting down: " + e);
            }
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                return; // the JVM is already exiting: the hook does the work
            }
            closeAll();
        }
    }
}
