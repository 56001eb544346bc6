package org.peng4nn.trainer;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.peng4nn.datasets.Dataset;
import org.peng4nn.datasets.DatasetCatalogue;
import org.peng4nn.datasets.SplitOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads each dataset once per process and hands the same {@link Dataset} to every job and worker that asks for it
 * (loading CIFAR-100 or SVHN takes seconds; datasets are immutable, so sharing is safe).
 */
public final class DatasetCache {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetCache.class);

    private final Path dataDir;
    private final SplitOptions options;
    private final Map<String, Dataset> loaded = new HashMap<>();

    /**
     * @param dataDir where the dataset files are; null when only the synthetic dataset is used
     * @param options limit, validation share and seed applied to every dataset
     */
    public DatasetCache(Path dataDir, SplitOptions options) {
        this.dataDir = dataDir;
        this.options = options;
    }

    /**
     * The dataset of that name, loaded on first use.
     *
     * @throws org.peng4nn.datasets.DatasetException when it cannot be loaded (not cached: a fixed file is read again)
     */
    public synchronized Dataset get(String name) {
        Dataset dataset = loaded.get(name);
        if (dataset == null) {
            long started = System.nanoTime();
            dataset = DatasetCatalogue.load(name, dataDir, options);
            LOG.info("loaded {} in {} ms", dataset.describe(), (System.nanoTime() - started) / 1_000_000);
            loaded.put(name, dataset);
        }
        return dataset;
    }
}
