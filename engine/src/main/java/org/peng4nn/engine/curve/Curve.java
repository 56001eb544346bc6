package org.peng4nn.engine.curve;

import java.util.Arrays;

/**
 * The validation accuracies of one model seen so far: epochs in strictly increasing order, each with
 * its accuracy in percent.
 *
 * <p>Immutable: the arrays are copied in and the accessors {@link #epochs()} and {@link #accuracies()}
 * hand out copies, so hot loops should read single points through {@link #epoch(int)} and
 * {@link #accuracy(int)} instead.
 *
 * @param epochs     strictly increasing, finite
 * @param accuracies one finite accuracy per epoch, in percent
 */
public record Curve(double[] epochs, double[] accuracies) {

    /** The curve of a model that has not been evaluated yet. */
    public static final Curve EMPTY = new Curve(new double[0], new double[0]);

    public Curve {
        if (epochs.length != accuracies.length) {
            throw new IllegalArgumentException("a curve needs one accuracy per epoch, got "
                    + epochs.length + " epochs and " + accuracies.length + " accuracies");
        }
        epochs = epochs.clone();
        accuracies = accuracies.clone();
        for (int i = 0; i < epochs.length; i++) {
            requireFinite(epochs[i], accuracies[i]);
            if (i > 0 && !(epochs[i] > epochs[i - 1])) {
                throw new IllegalArgumentException("curve epochs must be strictly increasing, got "
                        + epochs[i - 1] + " then " + epochs[i]);
            }
        }
    }

    /** A copy of the epochs, in increasing order. */
    @Override
    public double[] epochs() {
        return epochs.clone();
    }

    /** A copy of the accuracies, in epoch order. */
    @Override
    public double[] accuracies() {
        return accuracies.clone();
    }

    public int size() {
        return epochs.length;
    }

    public boolean isEmpty() {
        return epochs.length == 0;
    }

    public double epoch(int i) {
        return epochs[i];
    }

    public double accuracy(int i) {
        return accuracies[i];
    }

    /** The latest epoch seen, or NaN for the empty curve. */
    public double lastEpoch() {
        return epochs.length == 0 ? Double.NaN : epochs[epochs.length - 1];
    }

    /** The accuracy at {@link #lastEpoch()}, or NaN for the empty curve. */
    public double lastAccuracy() {
        return accuracies.length == 0 ? Double.NaN : accuracies[accuracies.length - 1];
    }

    public boolean contains(double epoch) {
        return Arrays.binarySearch(epochs, epoch) >= 0;
    }

    /**
     * This curve with one more point, inserted in epoch order. Evaluations may arrive out of order
     * (a replayed or re-partitioned topic), so the point goes where it belongs; an epoch already
     * present keeps its first accuracy and returns this very curve, which makes redelivery harmless.
     */
    public Curve with(double epoch, double accuracy) {
        requireFinite(epoch, accuracy);
        int at = Arrays.binarySearch(epochs, epoch);
        if (at >= 0) {
            return this;
        }
        int insert = -at - 1;
        int n = epochs.length;
        double[] e = new double[n + 1];
        double[] a = new double[n + 1];
        System.arraycopy(epochs, 0, e, 0, insert);
        System.arraycopy(accuracies, 0, a, 0, insert);
        e[insert] = epoch;
        a[insert] = accuracy;
        System.arraycopy(epochs, insert, e, insert + 1, n - insert);
        System.arraycopy(accuracies, insert, a, insert + 1, n - insert);
        return new Curve(e, a);
    }

    private static void requireFinite(double epoch, double accuracy) {
        if (!Double.isFinite(epoch) || !Double.isFinite(accuracy)) {
            throw new IllegalArgumentException("curve points must be finite, got epoch " + epoch
                    + " with accuracy " + accuracy);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && Arrays.equals(epochs, c.epochs) && Arrays.equals(accuracies, c.accuracies);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(epochs) + Arrays.hashCode(accuracies);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("Curve[");
        for (int i = 0; i < epochs.length; i++) {
            s.append(i == 0 ? "" : ", ").append(epochs[i]).append('=').append(accuracies[i]);
        }
        return s.append(']').toString();
    }
}
