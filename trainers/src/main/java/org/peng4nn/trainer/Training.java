package org.peng4nn.trainer;

import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.datasets.Dataset;
import org.peng4nn.datasets.LabeledImages;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Trains one network on one dataset, step by step: each step trains {@code evalInterval} of an epoch of shuffled
 * minibatches, then measures validation accuracy and hands an {@link Evaluation} to the sink. The stop request is
 * checked before every minibatch, so a stop lands within one evaluation step. NaN or infinite loss, out-of-memory
 * and DL4J errors end the run as {@link TrainingOutcome.Failed}, never as an exception.
 */
public final class Training {

    private static final int EVAL_BATCH = 256;

    private final Dataset dataset;
    private final TrainingSettings settings;
    private final String label;
    private final boolean showProgress;

    /**
     * @param dataset      images to train and validate on
     * @param settings     learning rate, batch size, seed, evaluation interval, budget
     * @param label        name shown on the progress bar (e.g. the model id)
     * @param showProgress whether to draw a progress bar of minibatches per step on stderr
     */
    public Training(Dataset dataset, TrainingSettings settings, String label, boolean showProgress) {
        this.dataset = dataset;
        this.settings = settings;
        this.label = label;
        this.showProgress = showProgress;
    }

    /** Builds the network for {@code architecture} and trains it; see the class documentation. */
    public TrainingOutcome run(Architecture architecture, BooleanSupplier stopRequested, Consumer<Evaluation> sink) {
        ComputationGraph network;
        try {
            network = NetworkBuilder.build(architecture, dataset.shape(), dataset.classes(), settings);
        } catch (RuntimeException | OutOfMemoryError e) {
            return new TrainingOutcome.Failed(0, Optional.empty(), "cannot build network " + architecture + ": " + e);
        }
        return run(network, stopRequested, sink);
    }

    /** Trains an already built network (for tests that inspect it). */
    public TrainingOutcome run(ComputationGraph network, BooleanSupplier stopRequested, Consumer<Evaluation> sink) {
        LabeledImages train = dataset.train();
        int batchesPerEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
        int stepsPerEpoch = settings.stepsPerEpoch();
        Random shuffle = new Random(settings.seed());
        int[] order = identity(train.size());
        Optional<Evaluation> last = Optional.empty();
        int step = 0;
        int batchesDone = 0;
        try {
            for (int epoch = 0; epoch < settings.maxEpochs(); epoch++) {
                shuffle(order, shuffle);
                for (int part = 0; part < stepsPerEpoch; part++) {
                    // Spread the epoch's batches evenly over its steps (the last step takes the remainder).
                    int from = batchesPerEpoch * part / stepsPerEpoch;
                    int to = batchesPerEpoch * (part + 1) / stepsPerEpoch;
                    long started = System.nanoTime();
                    double lossSum = 0;
                    try (ProgressBar bar = progressBar(epoch, part, to - from)) {
                        for (int b = from; b < to; b++) {
                            if (stopRequested.getAsBoolean()) {
                                return new TrainingOutcome.Stopped(epochsTrained(batchesDone, batchesPerEpoch), last);
                            }
                            int start = b * settings.batchSize();
                            int end = Math.min(train.size(), start + settings.batchSize());
                            network.fit(new INDArray[] {Minibatches.features(train, order, start, end)},
                                    new INDArray[] {Minibatches.oneHotLabels(train, order, start, end,
                                            dataset.classes())});
                            double loss = network.score();
                            batchesDone++;
                            // DL4J clips the loss of a saturated softmax, so divergence shows in the weights first.
                            if (!Double.isFinite(loss) || !Double.isFinite(network.params().sumNumber().doubleValue())) {
                                return new TrainingOutcome.Failed(epochsTrained(batchesDone, batchesPerEpoch), last,
                                        "loss became " + loss + " (or weights not finite) at epoch " + epoch + ", minibatch " + b
                                                + " (learning rate " + settings.learningRate() + " too high?)");
                            }
                            lossSum += loss;
                            if (bar != null) {
                                bar.step();
                                bar.setExtraMessage(String.format(" loss %.3f", loss));
                            }
                        }
                    }
                    long millis = (System.nanoTime() - started) / 1_000_000;
                    Evaluation evaluation = new Evaluation(step, step * settings.evalInterval(),
                            accuracy(network, dataset.validation()), lossSum / Math.max(1, to - from), millis);
                    last = Optional.of(evaluation);
                    sink.accept(evaluation);
                    step++;
                }
                // fit() on single minibatches never ends an epoch by itself: epoch schedules (the learning-rate
                // milestones) read this count
                network.incrementEpochCount();
            }
        } catch (OutOfMemoryError e) {
            return new TrainingOutcome.Failed(epochsTrained(batchesDone, batchesPerEpoch), last,
                    "out of memory: " + e.getMessage());
        } catch (RuntimeException e) {
            // ND4J reports failed native allocations and shape errors as runtime exceptions.
            return new TrainingOutcome.Failed(epochsTrained(batchesDone, batchesPerEpoch), last,
                    "training failed: " + e);
        }
        return new TrainingOutcome.Completed(settings.maxEpochs(), last);
    }

    /** Validation accuracy in percent, in inference mode. */
    static double accuracy(ComputationGraph network, LabeledImages images) {
        int[] order = identity(images.size());
        int correct = 0;
        for (int start = 0; start < images.size(); start += EVAL_BATCH) {
            int end = Math.min(images.size(), start + EVAL_BATCH);
            INDArray predicted = network.outputSingle(false, Minibatches.features(images, order, start, end))
                    .argMax(1);
            for (int i = start; i < end; i++) {
                if (predicted.getInt(i - start) == images.label(i)) {
                    correct++;
                }
            }
        }
        return 100.0 * correct / images.size();
    }

    private ProgressBar progressBar(int epoch, int part, int batches) {
        if (!showProgress) {
            return null;
        }
        String task = label + " epoch " + (epoch + 1) + "/" + settings.maxEpochs()
                + (settings.stepsPerEpoch() > 1 ? " part " + (part + 1) + "/" + settings.stepsPerEpoch() : "");
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(batches).setUnit(" batches", 1)
                .setStyle(ProgressBarStyle.ASCII).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).build();
    }

    private static double epochsTrained(int batchesDone, int batchesPerEpoch) {
        return (double) batchesDone / batchesPerEpoch;
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    private static void shuffle(int[] order, Random random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    /**
     * Caps the native threads ND4J uses for each operation, for the whole process. Oversubscription is ruinous:
     * two 2-thread trainers on 2 cores measured 12x slower per epoch than two 1-thread ones (OpenMP threads
     * spin-wait for each other), so a process running N workers should give each {@code cores / N} threads.
     */
    public static void limitThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /** The ND4J backend in use, for the log line at start (e.g. "CpuBackend"). */
    public static String backendName() {
        return Nd4j.getBackend().getClass().getSimpleName();
    }
}
