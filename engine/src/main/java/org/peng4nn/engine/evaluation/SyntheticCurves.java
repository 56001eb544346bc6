package org.peng4nn.engine.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded sets of artificial learning curves with known shapes and noise, for judging stopping
 * policies on regimes the bundled real curves (25 epochs, nearly all 95–99.7 % accuracy) do not
 * cover. Pure: the same kind, count and seed always give the same curves. Policies are not tuned
 * on these; they are a check that a rule tuned on one file does not break elsewhere.
 *
 * <p>Every accuracy is in percent and clipped to [0, 100] as a real evaluation would be; noise is
 * Gaussian unless said otherwise, with a per-model level drawn from a range, so one set mixes calm
 * and noisy models as a NAS does.
 */
public final class SyntheticCurves {

    /** The shapes on offer; each javadoc says what is drawn. */
    public enum Kind {
        /**
         * Power law {@code A - B·(t)^(-α)} (t = epoch + 1), 50 epochs, final accuracies about
         * 40–90 %, heteroscedastic noise: σ is 2.5× larger in the first epochs than at the end
         * (σ_end 0.3–1.5 pp), as validation accuracy is noisier while the weights move fast.
         */
        POWER_LAW,
        /**
         * Step-decay learning-rate schedule, 100 epochs: an exponential rise to a first plateau
         * (55–80 %), a jump of 5–15 pp at 50 % of the budget and 1–4 pp at 75 % (each a fast
         * exponential approach), noise halved after each decay (σ 0.4–2 pp at first). No curve-fitting
         * rule can foresee a scheduled jump; this kind measures how much a policy loses on it.
         */
        STEP_DECAY,
        /**
         * Saturating then slightly declining (overfitting), 40 epochs: an exponential rise to
         * 70–95 % peaking at 30–60 % of the budget, then a linear decline of 1–5 pp in total, with
         * high noise (σ 1.5–4 pp).
         */
        OVERFIT,
        /**
         * Sub-epoch evaluations (every 0.5 epoch, 30 epochs = 60 evaluations): an exponential
         * saturation with a little extra long-tail power-law gain, finals 80–98 %, σ 0.2–1 pp.
         */
        SUB_EPOCH;

        /** Lower-case name, as on a command line: {@code power_law}, {@code step_decay}, .... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind called {@code label} (case-insensitive, '-' read as '_'). */
        public static Kind of(String label) {
            for (Kind k : values()) {
                if (k.label().equalsIgnoreCase(label.replace('-', '_'))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown synthetic kind '" + label + "'; known: "
                    + String.join(", ", java.util.Arrays.stream(values()).map(Kind::label).toList()));
        }
    }

    /** Models per set when a caller does not say. */
    public static final int DEFAULT_MODELS = 100;
    /** The seed the documented figures use. */
    public static final long DEFAULT_SEED = 20_240_601L;

    private SyntheticCurves() {
    }

    /** {@link #DEFAULT_MODELS} curves of {@code kind} from {@link #DEFAULT_SEED}. */
    public static List<LabeledCurve> generate(Kind kind) {
        return generate(kind, DEFAULT_MODELS, DEFAULT_SEED);
    }

    /** {@code models} curves of {@code kind}; model ids are {@code <kind>-000}, {@code <kind>-001}, .... */
    public static List<LabeledCurve> generate(Kind kind, int models, long seed) {
        if (models < 0) {
            throw new IllegalArgumentException("models must be >= 0, got " + models);
        }
        // one independent stream per kind, so adding a kind never changes another kind's curves
        SplittableRandom random = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (kind.ordinal() + 1)));
        List<LabeledCurve> curves = new ArrayList<>(models);
        for (int i = 0; i < models; i++) {
            String id = String.format(Locale.ROOT, "%s-%03d", kind.label(), i);
            curves.add(switch (kind) {
                case POWER_LAW -> powerLaw(id, random.split());
                case STEP_DECAY -> stepDecay(id, random.split());
                case OVERFIT -> overfit(id, random.split());
                case SUB_EPOCH -> subEpoch(id, random.split());
            });
        }
        return List.copyOf(curves);
    }

    private static LabeledCurve powerLaw(String id, SplittableRandom r) {
        int n = 50;
        double alpha = uniform(r, 0.3, 1.2);
        double finalAcc = uniform(r, 40, 90);
        double start = uniform(r, 5, 0.6 * finalAcc);
        // A - B·t^-α passes through start at t = 1 and finalAcc at t = n
        double b = (finalAcc - start) / (1 - Math.pow(n, -alpha));
        double a = start + b;
        double sigmaEnd = uniform(r, 0.3, 1.5);
        double[] e = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i + 1.0;
            double sigma = sigmaEnd * (1 + 1.5 * Math.exp(-i / 5.0));
            e[i] = i;
            y[i] = clip(a - b * Math.pow(t, -alpha) + sigma * r.nextGaussian());
        }
        return new LabeledCurve(id, e, y, 0);
    }

    private static LabeledCurve stepDecay(String id, SplittableRandom r) {
        int n = 100;
        double plateau = uniform(r, 55, 80);
        double start = uniform(r, 10, 0.6 * plateau);
        double k = uniform(r, 0.1, 0.4);
        double jump1 = uniform(r, 5, 15);
        double jump2 = uniform(r, 1, 4);
        double sigma = uniform(r, 0.4, 2.0);
        double[] e = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double mean = plateau - (plateau - start) * Math.exp(-k * i);
            double s = sigma;
            if (i >= n / 2) {
                mean += jump1 * (1 - Math.exp(-(i - n / 2 + 1) / 2.0));
                s = sigma / 2;
            }
            if (i >= 3 * n / 4) {
                mean += jump2 * (1 - Math.exp(-(i - 3 * n / 4 + 1) / 2.0));
                s = sigma / 4;
            }
            e[i] = i;
            y[i] = clip(mean + s * r.nextGaussian());
        }
        return new LabeledCurve(id, e, y, 0);
    }

    private static LabeledCurve overfit(String id, SplittableRandom r) {
        int n = 40;
        double peak = uniform(r, 70, 95);
        double start = uniform(r, 10, 0.6 * peak);
        double peakAt = uniform(r, 0.3, 0.6) * n;
        // the rise is 95 % done at the peak
        double k = 3.0 / peakAt;
        double decline = uniform(r, 1, 5);
        double sigma = uniform(r, 1.5, 4.0);
        double[] e = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double mean = peak - (peak - start) * Math.exp(-k * i);
            if (i > peakAt) {
                mean -= decline * (i - peakAt) / (n - 1 - peakAt);
            }
            e[i] = i;
            y[i] = clip(mean + sigma * r.nextGaussian());
        }
        return new LabeledCurve(id, e, y, 0);
    }

    private static LabeledCurve subEpoch(String id, SplittableRandom r) {
        double interval = 0.5;
        int n = 60;
        double finalAcc = uniform(r, 80, 98);
        double tail = uniform(r, 0, 3);
        double start = uniform(r, 10, 60);
        double k = uniform(r, 0.15, 0.6);
        double sigma = uniform(r, 0.2, 1.0);
        double[] e = new double[n];
        double[] y = new double[n];
        double lastEpoch = n * interval;
        for (int i = 0; i < n; i++) {
            double epoch = (i + 1) * interval;
            // exponential part reaches finalAcc - tail, the power-law tail adds the rest by the end
            double mean = (finalAcc - tail) - (finalAcc - tail - start) * Math.exp(-k * epoch)
                    + tail * (1 - Math.pow(epoch / lastEpoch, -0.5)) + tail;
            e[i] = epoch;
            y[i] = clip(mean + sigma * r.nextGaussian());
        }
        return new LabeledCurve(id, e, y, 0);
    }

    private static double uniform(SplittableRandom r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    private static double clip(double v) {
        return Math.max(0, Math.min(100, v));
    }
}
