package org.peng4nn.datasets;

import java.util.Objects;

/**
 * Images with their class labels, pixels as unsigned bytes (0-255) in {@link ImageShape} layout, one image after
 * another. Bytes rather than floats keep CIFAR-100 or SVHN in a quarter of the memory; the trainer scales them to
 * [0, 1] one minibatch at a time. The arrays are shared, not copied: treat them as read-only.
 */
public final class LabeledImages {

    private final ImageShape shape;
    private final byte[] pixels;
    private final int[] labels;

    /**
     * @param shape  shape of every image
     * @param pixels {@code labels.length * shape.pixels()} bytes
     * @param labels class index of each image, 0-based
     */
    public LabeledImages(ImageShape shape, byte[] pixels, int[] labels) {
        this.shape = Objects.requireNonNull(shape, "shape");
        this.pixels = Objects.requireNonNull(pixels, "pixels");
        this.labels = Objects.requireNonNull(labels, "labels");
        if ((long) labels.length * shape.pixels() != pixels.length) {
            throw new IllegalArgumentException(labels.length + " labels of " + shape + " images need "
                    + (long) labels.length * shape.pixels() + " pixel bytes, got " + pixels.length);
        }
    }

    /** Shape of every image. */
    public ImageShape shape() {
        return shape;
    }

    /** Number of images. */
    public int size() {
        return labels.length;
    }

    /** Class index of image {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** Pixel {@code p} (0-based within the image) of image {@code i}, 0-255. */
    public int pixel(int i, int p) {
        return pixels[i * shape.pixels() + p] & 0xFF;
    }

    /** The images at the given indices, in that order (copies). */
    public LabeledImages select(int[] indices) {
        int n = shape.pixels();
        byte[] selectedPixels = new byte[indices.length * n];
        int[] selectedLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(pixels, indices[k] * n, selectedPixels, k * n, n);
            selectedLabels[k] = labels[indices[k]];
        }
        return new LabeledImages(shape, selectedPixels, selectedLabels);
    }

    /** Count of images per class, for class balance checks and logs. */
    public int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
