package org.peng4nn.producers.bridge;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.peng4nn.events.LrMilestones;

/**
 * What the bridge reads, which run it reports as, and how it stops the trainer.
 *
 * @param log          the trainer's metrics log; may not exist yet
 * @param metric       column or key of the validation accuracy, or null to detect it
 * @param epochBase    the epoch number the log gives the first evaluation
 * @param maxEpochs    the run's budget in whole epochs
 * @param lrMilestones the run's learning-rate milestones, stamped on every event it publishes
 * @param stopFile     written on a stop command, or null
 * @param trainer      the trainer process, or null when the bridge should not watch one
 * @param signal       sent to the trainer on a stop command (a {@code kill -s} name), or null
 * @param pollInterval how often the log and the stop commands are checked
 */
public record BridgeSettings(Path log, LogFormat format, String metric, AccuracyScale scale, int epochBase,
                             String searchId, String modelId, int run, int maxEpochs, LrMilestones lrMilestones,
                             Path stopFile,
                             TrainerProcess trainer, String signal, Duration pollInterval) {

    /** @throws IllegalArgumentException naming the setting that cannot work */
    public BridgeSettings {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(searchId, "searchId");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(lrMilestones, "lrMilestones");
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("a model id is needed");
        }
        if (run < 1) {
            throw new IllegalArgumentException("run starts at 1, not " + run);
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("max epochs must be at least 1, not " + maxEpochs);
        }
        if (epochBase < 0) {
            throw new IllegalArgumentException("epoch base must be 0 or more, not " + epochBase);
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive, not " + pollInterval);
        }
        if (signal != null) {
            if (trainer == null) {
                throw new IllegalArgumentException("a signal needs the trainer's process id");
            }
            signal = TrainerProcess.signalName(signal);
        }
    }
}
