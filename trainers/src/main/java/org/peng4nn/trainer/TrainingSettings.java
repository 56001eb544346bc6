package org.peng4nn.trainer;

import java.util.Map;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.events.TrainingJob;

/**
 * How one network is trained, read from a TrainingJob's hyper-parameters.
 *
 * @param learningRate Adam learning rate ({@code learning_rate}, default 1e-3)
 * @param batchSize    minibatch size ({@code batch_size}, default 64)
 * @param seed         seed of weight initialisation and minibatch order ({@code seed}, default 42)
 * @param evalInterval epochs between two validation evaluations ({@code eval_interval}, default 1.0; 0.5 evaluates
 *                     twice per epoch); must divide one epoch into a whole number of steps
 * @param maxEpochs    training budget in whole epochs
 * @param lrMilestones the job's learning-rate milestones: whole 0-based epochs from which the rate is multiplied by
 *                     {@code lrDecay} once more (a step schedule); none for a constant rate
 * @param lrDecay      factor applied to the rate at each milestone ({@code lr_decay}, default 0.1)
 */
public record TrainingSettings(double learningRate, int batchSize, long seed, double evalInterval, int maxEpochs,
                               LrMilestones lrMilestones, double lrDecay) {

    /** Default Adam learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 1e-3;
    /** Default minibatch size. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42;
    /** Default factor of a milestone's rate cut: a tenth, the usual step schedule (ResNet, MetaQNN). */
    public static final double DEFAULT_LR_DECAY = 0.1;

    /** Validates the settings. */
    public TrainingSettings {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning_rate must be a positive number, got " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be >= 1, got " + batchSize);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("max_epochs must be >= 1, got " + maxEpochs);
        }
        double stepsPerEpoch = 1 / evalInterval;
        if (!(evalInterval > 0 && evalInterval <= 1) || Math.abs(stepsPerEpoch - Math.round(stepsPerEpoch)) > 1e-9) {
            throw new IllegalArgumentException("eval_interval must be 1/n for a whole n >= 1 (1, 0.5, 0.25...), got "
                    + evalInterval);
        }
        if (!(lrDecay > 0) || Double.isInfinite(lrDecay)) {
            throw new IllegalArgumentException("lr_decay must be a positive number, got " + lrDecay);
        }
        // DL4J's epoch schedules count whole epochs, and a cut mid-epoch would need an iteration schedule
        for (double m : lrMilestones.epochs()) {
            if (m != Math.rint(m)) {
                throw new IllegalArgumentException("lr_milestones must be whole epochs for the DL4J trainer, got "
                        + lrMilestones);
            }
        }
    }

    /** A constant learning rate. */
    public TrainingSettings(double learningRate, int batchSize, long seed, double evalInterval, int maxEpochs) {
        this(learningRate, batchSize, seed, evalInterval, maxEpochs, LrMilestones.NONE, DEFAULT_LR_DECAY);
    }

    /** The rate the 0-based {@code epoch} trains at: {@code learningRate} cut by {@code lrDecay} per milestone reached. */
    public double learningRateAt(int epoch) {
        return learningRate * Math.pow(lrDecay, lrMilestones.reachedBy(epoch));
    }

    /** Evaluation steps in one epoch. */
    public int stepsPerEpoch() {
        return (int) Math.round(1 / evalInterval);
    }

    /** Evaluation steps in the whole budget. */
    public int totalSteps() {
        return maxEpochs * stepsPerEpoch();
    }

    /**
     * Reads the hyper-parameters a job gives as text; unknown names are ignored (another trainer may understand
     * them).
     *
     * @throws IllegalArgumentException naming the hyper-parameter whose value is not a valid number
     */
    public static TrainingSettings fromHyperParameters(Map<String, String> hyperParameters, int maxEpochs) {
        return fromHyperParameters(hyperParameters, maxEpochs, LrMilestones.NONE);
    }

    /** What a job asks for: its hyper-parameters, budget and learning-rate milestones. */
    public static TrainingSettings fromJob(TrainingJob job) {
        return fromHyperParameters(job.getHyperParameters(), job.getMaxEpochs(), LrMilestones.of(job));
    }

    private static TrainingSettings fromHyperParameters(Map<String, String> hyperParameters, int maxEpochs,
            LrMilestones lrMilestones) {
        return new TrainingSettings(
                number(hyperParameters, "learning_rate", DEFAULT_LEARNING_RATE),
                (int) whole(hyperParameters, "batch_size", DEFAULT_BATCH_SIZE),
                whole(hyperParameters, "seed", DEFAULT_SEED),
                number(hyperParameters, "eval_interval", 1.0),
                maxEpochs,
                lrMilestones,
                number(hyperParameters, "lr_decay", DEFAULT_LR_DECAY));
    }

    private static double number(Map<String, String> values, String name, double fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyper-parameter " + name + "='" + text + "' is not a number", e);
        }
    }

    private static long whole(Map<String, String> values, String name, long fallback) {
        String text = values.get(name);
        if (text == null) {
            return fallback;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("hyper-parameter " + name + "='" + text + "' is not a whole number", e);
        }
    }
}
