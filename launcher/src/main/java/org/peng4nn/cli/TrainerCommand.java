package org.peng4nn.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.datasets.DatasetCatalogue;
import org.peng4nn.datasets.DatasetException;
import org.peng4nn.datasets.SplitOptions;
import org.peng4nn.topics.TopicCatalogue;
import org.peng4nn.trainer.DatasetCache;
import org.peng4nn.trainer.TrainerWorker;
import org.peng4nn.trainer.Training;
import org.peng4nn.trainer.WorkerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./peng4nn trainer}: DL4J trainer workers taking jobs from the jobs topic until Ctrl-C. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        header = "Runs DL4J trainer workers that train the networks of TrainingJob events.",
        description = {"Each worker takes one job at a time from the jobs topic (consumer group --group, so workers "
                + "in other processes or machines share the jobs), builds the job's CNN, trains it, publishes the "
                + "validation accuracy after every evaluation step to the epochs topic and stops a run within one step "
                + "of its stop command. Failed runs (NaN loss, out of memory, bad job) get a FAILED result.",
            "",
            "Datasets come from local files in --data-dir only, never downloaded: fashion-mnist "
                + "(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz]), cifar100 "
                + "(cifar-100-binary/train.bin), svhn (train_32x32.mat). Without files, 'synthetic' is a "
                + "procedurally generated 16x16 dataset of 6 shape/orientation/texture classes.",
            "",
            "ND4J runs on the CPU unless the build used -Pcuda; the backend in use is logged at start. "
                + "--check-backend loads it and prints backend, devices and versions without connecting to Kafka: "
                + "exit 0, or 1 with one line naming what is missing (e.g. the CUDA 11.6 runtime).",
            "",
            KafkaConnection.SOURCES + " Never starts a broker: without a bootstrap address from any source it "
                + "connects to localhost:9092."},
        footer = {"", "Example:", "  ./peng4nn trainer --bootstrap-servers localhost:9092 --workers 2 \\",
            "      --data-dir data --dataset fashion-mnist --limit 6000"})
final class TrainerCommand implements Callable<Integer> {

    @Mixin
    KafkaConnection kafka;

    @Option(names = "--topic-prefix", defaultValue = TopicCatalogue.DEFAULT_PREFIX, paramLabel = "PREFIX",
            description = "Prefix of the topic names (jobs, epochs...). Default: '${DEFAULT-VALUE}'.")
    String topicPrefix;

    @Option(names = "--workers", defaultValue = "1", paramLabel = "N",
            description = "Workers in this process, each training one job at a time. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--group", defaultValue = WorkerOptions.DEFAULT_GROUP, paramLabel = "ID",
            description = "Consumer group the workers share jobs in. Default: ${DEFAULT-VALUE}.")
    String group;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Directory of the dataset files. Without it only the synthetic dataset is available.")
    Path dataDir;

    @Option(names = "--dataset", paramLabel = "NAME",
            description = "Load this dataset at start, so that a missing or broken file shows at once: "
                    + "synthetic, fashion-mnist, cifar100 or svhn. Jobs name their dataset anyway.")
    String dataset;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Use at most N images of each dataset (train + validation), for quick runs; 0 = all. "
                    + "For synthetic: the number of images generated (default 2400).")
    int limit;

    @Option(names = "--validation-fraction", defaultValue = "0.1667", paramLabel = "F",
            description = "Share of the images held out for validation. Default: ${DEFAULT-VALUE}.")
    double validationFraction;

    @Option(names = "--max-jobs", defaultValue = "0", paramLabel = "N",
            description = "Exit after N jobs in all (0: run until Ctrl-C). Default: ${DEFAULT-VALUE}.")
    int maxJobs;

    @Option(names = "--trainer-id", paramLabel = "ID",
            description = "Name of the workers in events and logs, suffixed -1, -2... Default: trainer-<pid>.")
    String trainerId;

    @Option(names = "--threads", paramLabel = "N",
            description = "Native threads ND4J may use in this process. Default: the CPU count divided by --workers "
                    + "(oversubscribed cores make every epoch many times slower), unless OMP_NUM_THREADS is set.")
    Integer threads;

    @Option(names = "--check-backend",
            description = "Load the ND4J backend, print backend, devices and versions, and exit (0; 1 when it "
                    + "cannot load, e.g. no CUDA 11.6 runtime in a -Pcuda build). Connects to nothing.")
    boolean checkBackend;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout when done.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (checkBackend) {
            return BackendCheck.run(System.out, System.err);
        }
        if (workers < 1) {
            throw new BadInputException("--workers " + workers + ": need at least 1");
        }
        if (limit < 0 || maxJobs < 0) {
            throw new BadInputException("--limit and --max-jobs must be >= 0");
        }
        if (dataDir != null && !Files.isDirectory(dataDir)) {
            throw new BadInputException("--data-dir " + dataDir + ": not a directory");
        }
        SplitOptions split;
        try {
            split = new SplitOptions(limit, validationFraction, 42);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--validation-fraction " + validationFraction + ": " + e.getMessage());
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (threads != null && threads < 1) {
            throw new BadInputException("--threads " + threads + ": need at least 1");
        }
        if (threads != null || System.getenv("OMP_NUM_THREADS") == null) {
            Training.limitThreads(threads != null ? threads : Math.max(1, cores / workers));
        }
        DatasetCache datasets = new DatasetCache(dataDir, split);
        if (dataset != null) {
            try {
                Dataset loaded = datasets.get(dataset);
                System.err.println("dataset " + loaded.describe());
            } catch (DatasetException e) {
                throw new BadInputException("--dataset " + dataset + ": " + e.getMessage());
            }
        }
        KafkaSettings settings = kafkaSettings();
        System.err.printf("ND4J backend %s; %d worker(s) in group %s on %s; datasets: %s from %s%n",
                Training.backendName(), workers, group, settings.bootstrapServers(), DatasetCatalogue.NAMES,
                dataDir == null ? "(no --data-dir: synthetic only)" : dataDir);

        TopicCatalogue topics = TopicCatalogue.withPrefix(topicPrefix);
        String id = trainerId != null ? trainerId : "trainer-" + ProcessHandle.current().pid();
        List<TrainerWorker> started = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread shutdown = new Thread(() -> {
            started.forEach(TrainerWorker::close);
            done.countDown();
        }, "trainer-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        for (int i = 1; i <= workers; i++) {
            // One progress bar is readable; several workers' bars would overwrite each other, they log instead.
            TrainerWorker worker = TrainerWorker.create(new WorkerOptions(settings.properties(), topics, group, id + "-" + i,
                    datasets, workers == 1));
            started.add(worker);
            worker.start();
        }
        while (!done.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            if (maxJobs > 0 && jobsDone(started) >= maxJobs) {
                Runtime.getRuntime().removeShutdownHook(shutdown);
                started.forEach(TrainerWorker::close);
                break;
            }
        }
        System.err.printf("trainer: %d job(s) done by %d worker(s)%n", jobsDone(started), workers);
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("workers", workers);
            summary.put("jobs_done", jobsDone(started));
            summary.put("backend", Training.backendName());
            JsonLine.print(System.out, summary);
        }
        return 0;
    }

    /** What every client of every worker (job consumer, result and epoch producers, stop listener) is built from. */
    KafkaSettings kafkaSettings() throws BadInputException {
        return kafka.settingsOrDefaultBroker();
    }

    private static int jobsDone(List<TrainerWorker> workers) {
        return workers.stream().mapToInt(TrainerWorker::jobsDone).sum();
    }
}
