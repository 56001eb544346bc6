package org.peng4nn.datasets;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Finds a dataset by its command-line name and loads it from local files only (never downloaded); the synthetic
 * dataset needs no files.
 */
public final class DatasetCatalogue {

    /** Every name {@link #load} accepts. */
    public static final List<String> NAMES = List.of(SyntheticShapes.NAME, FashionMnist.NAME, Cifar100.NAME, Svhn.NAME);

    private DatasetCatalogue() {
    }

    /**
     * Loads dataset {@code name} from {@code dataDir} (null only for the synthetic one).
     *
     * @throws DatasetException for an unknown name, a missing data directory, or a missing or broken file
     */
    public static Dataset load(String name, Path dataDir, SplitOptions options) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals(SyntheticShapes.NAME)) {
            return SyntheticShapes.load(options);
        }
        if (!NAMES.contains(key)) {
            throw new DatasetException("unknown dataset '" + name + "', expected one of " + NAMES);
        }
        if (dataDir == null) {
            throw new DatasetException("dataset '" + name + "' needs a data directory (--data-dir); without one only"
                    + " 'synthetic' is available");
        }
        return switch (key) {
            case FashionMnist.NAME -> FashionMnist.load(dataDir, options);
            case Cifar100.NAME -> Cifar100.load(dataDir, options);
            default -> Svhn.load(dataDir, options);
        };
    }
}
