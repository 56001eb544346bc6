package org.peng4nn.trainer;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.peng4nn.datasets.ImageShape;
import org.peng4nn.datasets.LabeledImages;

/** Turns byte images into the float arrays DL4J trains on, one minibatch at a time. */
final class Minibatches {

    private Minibatches() {
    }

    /** Images {@code order[start..end)} as an NCHW float array scaled to [0, 1]. */
    static INDArray features(LabeledImages images, int[] order, int start, int end) {
        ImageShape shape = images.shape();
        int n = shape.pixels();
        float[] data = new float[(end - start) * n];
        for (int k = start; k < end; k++) {
            int image = order[k];
            int base = (k - start) * n;
            for (int p = 0; p < n; p++) {
                data[base + p] = images.pixel(image, p) / 255f;
            }
        }
        return Nd4j.create(data, new long[] {end - start, shape.channels(), shape.height(), shape.width()}, 'c');
    }

    /** Labels of images {@code order[start..end)} one-hot encoded. */
    static INDArray oneHotLabels(LabeledImages images, int[] order, int start, int end, int classes) {
        float[] data = new float[(end - start) * classes];
        for (int k = start; k < end; k++) {
            data[(k - start) * classes + images.label(order[k])] = 1f;
        }
        return Nd4j.create(data, new long[] {end - start, classes}, 'c');
    }
}
