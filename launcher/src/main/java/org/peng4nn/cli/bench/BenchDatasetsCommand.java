package org.peng4nn.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.cli.BadInputException;
import org.peng4nn.cli.JsonLine;
import org.peng4nn.cli.ScratchDirectory;
import org.peng4nn.datasets.Cifar100;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.datasets.DatasetCatalogue;
import org.peng4nn.datasets.DatasetException;
import org.peng4nn.datasets.DatasetFileWriter;
import org.peng4nn.datasets.FashionMnist;
import org.peng4nn.datasets.ImageShape;
import org.peng4nn.datasets.SplitOptions;
import org.peng4nn.datasets.Svhn;
import org.peng4nn.datasets.SyntheticShapes;
import org.peng4nn.trainer.Training;
import org.peng4nn.trainer.TrainingOutcome;
import org.peng4nn.trainer.TrainingSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./peng4nn bench datasets}: seconds per training epoch of each dataset on this machine. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        header = "Times training epochs of one CNN on each dataset.",
        description = {"Loads each dataset through its real loader (capped at --limit images), trains --architecture "
                + "for --epochs epochs and reports the median seconds per epoch (training only, and wall time with "
                + "the validation pass), plus the projected time of a full epoch of the whole training split.",
            "",
            "Datasets are never downloaded: a dataset whose files are not in --data-dir is timed on generated files "
                + "in its real format and shape (random pixels; the cost of an epoch depends on shapes, not content), "
                + "marked \"source\": \"generated\"."})
final class BenchDatasetsCommand implements Callable<Integer> {

    /** Images in each dataset's training file, for the projection of a full epoch. */
    private static final Map<String, Integer> FULL_SIZE = Map.of(SyntheticShapes.NAME, SyntheticShapes.DEFAULT_COUNT,
            FashionMnist.NAME, 60_000, Cifar100.NAME, 50_000, Svhn.NAME, 73_257);

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Directory of real dataset files, if any.")
    Path dataDir;

    @Option(names = "--datasets", split = ",", paramLabel = "NAMES",
            defaultValue = "synthetic,fashion-mnist,cifar100,svhn",
            description = "Datasets to time. Default: ${DEFAULT-VALUE}.")
    List<String> datasets;

    @Option(names = "--limit", defaultValue = "2400", paramLabel = "N",
            description = "Images used per dataset (train + validation). Default: ${DEFAULT-VALUE}.")
    int limit;

    @Option(names = "--epochs", defaultValue = "3", paramLabel = "E",
            description = "Epochs timed per dataset; the median is reported. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--architecture", defaultValue = "conv3x16+max,conv3x32+max|dense0", paramLabel = "ARCH",
            description = "Network timed, in the architecture text format. Default: ${DEFAULT-VALUE}.")
    String architecture;

    @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
            description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N",
            description = "Native threads ND4J may use (default: its own choice, all cores or OMP_NUM_THREADS).")
    Integer threads;

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Architecture network;
        try {
            network = Architecture.parse(architecture);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--architecture: " + e.getMessage());
        }
        if (limit < 20 || epochs < 1) {
            throw new BadInputException("--limit must be >= 20 and --epochs >= 1");
        }
        if (threads != null) {
            if (threads < 1) {
                throw new BadInputException("--threads " + threads + ": need at least 1");
            }
            Training.limitThreads(threads);
        }
        SplitOptions split = SplitOptions.defaults().withLimit(limit);
        Path generated = Files.createTempDirectory("peng4nn-bench-datasets");
        Map<String, Object> results = new LinkedHashMap<>();
        System.err.printf("ND4J backend %s, %d CPUs; %s, batch %d, %d epochs per dataset, %d images each%n",
                Training.backendName(), Runtime.getRuntime().availableProcessors(), network, batchSize, epochs, limit);
        try {
            for (String name : datasets) {
                results.put(name, time(name, network, split, generated));
            }
        } finally {
            ScratchDirectory.delete(generated);
        }
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("backend", Training.backendName());
            summary.put("cpus", Runtime.getRuntime().availableProcessors());
            summary.put("architecture", network.toString());
            summary.put("batch_size", batchSize);
            summary.put("epochs", epochs);
            summary.put("datasets", results);
            JsonLine.print(System.out, summary);
        }
        return 0;
    }

    private Map<String, Object> time(String name, Architecture network, SplitOptions split, Path generated)
            throws Exception {
        if (!DatasetCatalogue.NAMES.contains(name)) {
            throw new BadInputException("--datasets: unknown dataset '" + name + "', expected " + DatasetCatalogue.NAMES);
        }
        String source = "files";
        Path dir = dataDir;
        if (!name.equals(SyntheticShapes.NAME) && (dataDir == null || !loads(name, dataDir, split))) {
            source = "generated";
            dir = generated.resolve(name);
            writeGenerated(name, dir);
        } else if (name.equals(SyntheticShapes.NAME)) {
            source = "synthetic";
        }
        long loadStart = System.nanoTime();
        Dataset dataset = DatasetCatalogue.load(name, dir, split);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;

        List<Long> trainMillis = new ArrayList<>();
        List<Long> wallMillis = new ArrayList<>();
        long[] previous = {System.nanoTime()};
        Training training = new Training(dataset, new TrainingSettings(1e-3, batchSize, 1, 1.0, epochs),
                "bench " + name, true);
        TrainingOutcome outcome = training.run(network, () -> false, evaluation -> {
            long now = System.nanoTime();
            trainMillis.add(evaluation.durationMillis());
            wallMillis.add((now - previous[0]) / 1_000_000);
            previous[0] = now;
        });
        if (outcome instanceof TrainingOutcome.Failed failed) {
            throw new IllegalStateException(name + ": training failed: " + failed.message());
        }
        double perEpoch = median(trainMillis) / 1000.0;
        double wall = median(wallMillis) / 1000.0;
        int fullTrain = (int) Math.round(FULL_SIZE.get(name) * (1 - split.validationFraction()));
        double projected = perEpoch * fullTrain / dataset.train().size();
        System.err.printf("%-14s %-9s %s, %d train / %d validation: %.2f s/epoch (%.2f s with validation), "
                        + "full epoch of %d images ~%.0f s%n", name, source, dataset.shape(), dataset.train().size(),
                dataset.validation().size(), perEpoch, wall, fullTrain, projected);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("shape", dataset.shape().toString());
        m.put("classes", dataset.classes());
        m.put("train_images", dataset.train().size());
        m.put("validation_images", dataset.validation().size());
        m.put("load_s", loadSeconds);
        m.put("s_per_epoch", perEpoch);
        m.put("wall_s_per_epoch", wall);
        m.put("full_train_images", fullTrain);
        m.put("projected_full_epoch_s", projected);
        return m;
    }

    private static boolean loads(String name, Path dir, SplitOptions split) {
        try {
            DatasetCatalogue.load(name, dir, split.withLimit(20));
            return true;
        } catch (DatasetException e) {
            System.err.println(name + ": no usable files in " + dir + " (" + e.getMessage() + "); timing generated ones");
            return false;
        }
    }

    private void writeGenerated(String name, Path dir) throws IOException {
        switch (name) {
            case FashionMnist.NAME -> DatasetFileWriter.writeFashionMnist(dir,
                    DatasetFileWriter.noise(new ImageShape(1, 28, 28), FashionMnist.CLASSES, limit, 1));
            case Cifar100.NAME -> DatasetFileWriter.writeCifar100(dir,
                    DatasetFileWriter.noise(Cifar100.SHAPE, Cifar100.CLASSES, limit, 1));
            case Svhn.NAME -> DatasetFileWriter.writeSvhn(dir,
                    DatasetFileWriter.noise(Svhn.SHAPE, Svhn.CLASSES, limit, 1));
            default -> throw new IllegalArgumentException("no generator for " + name);
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
    }
}
