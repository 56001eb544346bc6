package org.peng4nn.datasets;

/**
 * How a dataset is cut into training and validation images.
 *
 * @param limit              most images used in all, 0 for every image (for quick runs)
 * @param validationFraction share of the used images held out for validation, in (0, 1)
 * @param seed               seed of the shuffle, so that every worker sees the same split
 */
public record SplitOptions(int limit, double validationFraction, long seed) {

    /** Default validation share: one image in six, as Fashion-MNIST's own 60k/10k split. */
    public static final double DEFAULT_VALIDATION_FRACTION = 1.0 / 6;

    /** Validates the options. */
    public SplitOptions {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0 (0 = no limit), got " + limit);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
    }

    /** Every image, the default validation share, seed 42. */
    public static SplitOptions defaults() {
        return new SplitOptions(0, DEFAULT_VALIDATION_FRACTION, 42);
    }

    /** The same options capped at {@code newLimit} images. */
    public SplitOptions withLimit(int newLimit) {
        return new SplitOptions(newLimit, validationFraction, seed);
    }
}
