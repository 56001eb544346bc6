package org.peng4nn.datasets;

import java.util.Objects;
import java.util.Random;

/**
 * A classification dataset ready to train on: a training and a validation split of the same image shape.
 *
 * @param name       name used on the command line (synthetic, fashion-mnist, cifar100, svhn)
 * @param synthetic  whether the images were generated rather than read from files (announced to users)
 * @param classes    number of classes; labels are 0..classes-1
 * @param train      images the network learns from
 * @param validation held-out images whose accuracy is reported after each evaluation step
 */
public record Dataset(String name, boolean synthetic, int classes, LabeledImages train, LabeledImages validation) {

    /** Validates that both splits agree. */
    public Dataset {
        Objects.requireNonNull(name, "name");
        if (!train.shape().equals(validation.shape())) {
            throw new IllegalArgumentException("train and validation shapes differ: " + train.shape() + " vs "
                    + validation.shape());
        }
        if (classes < 2) {
            throw new IllegalArgumentException("a classification dataset needs at least 2 classes, got " + classes);
        }
    }

    /** Shape of every image. */
    public ImageShape shape() {
        return train.shape();
    }

    /**
     * Splits {@code all} into training and validation deterministically: a seeded shuffle, then at most
     * {@code limit} images (0 = no limit), of which {@code validationFraction} go to validation.
     */
    public static Dataset split(String name, boolean synthetic, int classes, LabeledImages all, SplitOptions options) {
        int[] order = new int[all.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(options.seed());
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        int used = options.limit() > 0 ? Math.min(options.limit(), order.length) : order.length;
        int validationSize = Math.max(1, (int) Math.round(used * options.validationFraction()));
        if (used - validationSize < 1) {
            throw new DatasetException(name + ": " + used + " images are too few to split into train and validation");
        }
        int[] validationIndices = java.util.Arrays.copyOfRange(order, 0, validationSize);
        int[] trainIndices = java.util.Arrays.copyOfRange(order, validationSize, used);
        return new Dataset(name, synthetic, classes, all.select(trainIndices), all.select(validationIndices));
    }

    /** One line for logs: name, shape, classes, split sizes and whether it is synthetic. */
    public String describe() {
        return name + (synthetic ? " (SYNTHETIC, generated procedurally)" : "") + ": " + shape() + " images, "
                + classes + " classes, " + train.size() + " train / " + validation.size() + " validation";
    }
}
