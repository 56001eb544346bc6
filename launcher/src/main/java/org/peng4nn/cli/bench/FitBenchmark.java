package org.peng4nn.cli.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.peng4nn.engine.fit.CurveFit;
import org.peng4nn.engine.fit.CurveFitter;

/**
 * Times fits the way the streaming predictor makes them: for each curve, every prefix from
 * {@code firstLength} points on, each fit warm-started from the previous prefix's parameters.
 * Whole-epoch curves: x is the 0-based epoch index.
 */
public final class FitBenchmark {

    /** Fit times in microseconds, sorted. */
    public record Result(int fits, double[] sortedMicros) {

        public double median() {
            return quantile(0.5);
        }

        public double p99() {
            return quantile(0.99);
        }

        /** The nearest-rank quantile. */
        public double quantile(double q) {
            if (fits == 0) {
                return Double.NaN;
            }
            return sortedMicros[Math.max(0, (int) Math.ceil(q * fits) - 1)];
        }
    }

    private final CurveFitter fitter;
    private final int firstLength;
    private final LongSupplier nanoClock;

    public FitBenchmark(CurveFitter fitter, int firstLength, LongSupplier nanoClock) {
        this.fitter = fitter;
        this.firstLength = firstLength;
        this.nanoClock = nanoClock;
    }

    /**
     * Runs {@code warmupRounds} untimed passes over all curves (for the JIT), then one timed pass.
     *
     * @param curves accuracies in percent, one array per model
     */
    public Result run(List<double[]> curves, int warmupRounds) {
        int longest = curves.stream().mapToInt(c -> c.length).max().orElse(0);
        double[] x = new double[longest];
        for (int i = 0; i < longest; i++) {
            x[i] = i;
        }
        int total = curves.stream().mapToInt(c -> Math.max(0, c.length - firstLength + 1)).sum();
        double[] micros = new double[total];
        for (int round = 0; round <= warmupRounds; round++) {
            int fits = 0;
            for (double[] y : curves) {
                double[] previous = null;
                for (int m = firstLength; m <= y.length; m++) {
                    long start = nanoClock.getAsLong();
                    CurveFit fit = fitter.fit(x, y, m, previous);
                    micros[fits++] = (nanoClock.getAsLong() - start) / 1e3;
                    previous = fit.parameters();
                }
            }
        }
        Arrays.sort(micros);
        return new Result(total, micros);
    }
}
