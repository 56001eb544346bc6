package org.peng4nn.producers.bridge;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.EpochMetrics;
import org.peng4nn.events.StopCommand;
import org.peng4nn.producers.EpochReporter;
import org.peng4nn.producers.StopListener;

/**
 * Connects a trainer that only writes a metrics log to the bus: publishes each new evaluation of the
 * log as an {@link EpochMetric} and, when the predictor's stop command for the run comes, writes the
 * stop file and/or signals the trainer.
 * <p>
 * Each round (every poll interval) reads the lines completed since the last round, publishes their
 * evaluations and flushes, then checks for a stop command. An evaluation is published only if its
 * epoch is past the last one published, so a log that starts over (rotated, rewritten) does not
 * repeat points. The session ends on a stop command, when the last epoch of the budget was read, or
 * when the trainer's process is gone (after reading what it wrote last).
 */
public final class MetricLogBridge {

    private final BridgeSettings settings;
    private final String trainerId;
    private final EpochReporter reporter;
    private final StopListener stops;
    private final Consumer<String> say;
    private final LogTailer tailer;
    private final MetricLogParser parser;
    private double lastEpoch = Double.NaN;
    private int published;

    /**
     * @param trainerId goes into every event as {@code trainer_id}
     * @param say       told, as one line each, what the bridge publishes, skips and does
     */
    public MetricLogBridge(BridgeSettings settings, String trainerId, EpochReporter reporter, StopListener stops,
                           Consumer<String> say) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.trainerId = Objects.requireNonNull(trainerId, "trainerId");
        this.reporter = Objects.requireNonNull(reporter, "reporter");
        this.stops = Objects.requireNonNull(stops, "stops");
        this.say = Objects.requireNonNull(say, "say");
        this.tailer = new LogTailer(settings.log());
        this.parser = new MetricLogParser(settings.format(), settings.metric(), settings.scale(), settings.epochBase());
    }

    /** Runs the session to its end; returns early only by exception (an I/O error, a failed publish, an interrupt). */
    public BridgeResult run() throws IOException, InterruptedException {
        try (tailer) {
            BridgeResult result = follow();
            warnUnfinished();
            return result;
        }
    }

    private BridgeResult follow() throws IOException, InterruptedException {
        boolean toldWaiting = false;
        while (true) {
            readNewLines();
            Optional<StopCommand> stop = stops.stopRequested(settings.modelId(), settings.run());
            if (stop.isPresent()) {
                return stopTrainer(stop.get());
            }
            if (published > 0 && lastEpoch >= settings.maxEpochs() - 1) {
                say.accept("epoch " + format(lastEpoch) + " is the last of " + settings.maxEpochs()
                        + ": training complete");
                return new BridgeResult(BridgeOutcome.COMPLETED, published, lastEpoch, null);
            }
            TrainerProcess trainer = settings.trainer();
            if (trainer != null && !trainer.isAlive()) {
                readNewLines();    // what it wrote just before exiting
                say.accept("trainer process " + trainer.pid() + " has exited; " + published
                        + " evaluations published");
                return new BridgeResult(BridgeOutcome.TRAINER_EXITED, published, lastEpoch, null);
            }
            if (!toldWaiting && !Files.exists(settings.log())) {
                say.accept("waiting for " + settings.log() + " to appear");
                toldWaiting = true;
            }
            Thread.sleep(settings.pollInterval().toMillis());
        }
    }

    private void readNewLines() throws IOException {
        LogTailer.Chunk chunk = tailer.poll();
        int before = published;
        parse(chunk.beforeRestart());
        if (chunk.abandoned() != null) {
            say.accept(settings.log() + " (before it started over): skipped its last line, never finished: '"
                    + chunk.abandoned() + "'");
        }
        if (chunk.restarted()) {
            parser.restart();
            say.accept(settings.log() + " started over (rotated or rewritten): reading it from its first line");
        }
        parse(chunk.lines());
        if (published > before) {
            reporter.flush();
        }
    }

    /** At the end of a session: a last line still without its line break is not an evaluation, but say so. */
    private void warnUnfinished() {
        String unfinished = tailer.unfinished();
        if (unfinished != null) {
            say.accept(settings.log() + ":" + tailer.unfinishedLineNumber() + ": skipped: the last line has no line "
                    + "break (unfinished): '" + unfinished + "'");
        }
    }

    private void parse(List<LogTailer.Line> lines) {
        for (LogTailer.Line line : lines) {
            LineOutcome outcome = parser.parse(line.text());
            String where = settings.log() + ":" + line.number() + ": ";
            if (outcome instanceof LineOutcome.Point point) {
                publish(point.point());
            } else if (outcome instanceof LineOutcome.Malformed malformed) {
                say.accept(where + "skipped: " + malformed.why());
            } else if (outcome instanceof LineOutcome.Header header && header.metricColumn() == null) {
                say.accept(where + "no validation accuracy among the columns " + header.columns()
                        + "; rows are skipped until a header has one (name it with --metric)");
            }
        }
    }

    private void publish(LogPoint point) {
        if (published > 0 && point.epoch() <= lastEpoch) {
            return;    // already published before the log started over
        }
        reporter.report(EpochMetrics.valAccuracy(settings.searchId(), settings.modelId(), settings.run(), trainerId,
                        point.epoch(), settings.maxEpochs(), point.valAccuracy(), EpochMetrics.ONCE_PER_EPOCH,
                        Instant.now())
                .setLrMilestones(settings.lrMilestones().epochs())
                .setTrainAccuracy(point.trainAccuracy())
                .setLoss(point.loss())
                .build());
        lastEpoch = point.epoch();
        published++;
        say.accept(String.format(Locale.ROOT, "model %s run %d: epoch %s val_acc %.2f%%", settings.modelId(),
                settings.run(), format(point.epoch()), point.valAccuracy()));
    }

    private BridgeResult stopTrainer(StopCommand command) throws IOException, InterruptedException {
        List<String> done = new ArrayList<>();
        if (settings.stopFile() != null) {
            StopFile.write(settings.stopFile(), command);
            done.add("wrote " + settings.stopFile());
        }
        BridgeOutcome outcome = BridgeOutcome.STOPPED;
        if (settings.signal() != null) {
            TrainerProcess trainer = settings.trainer();
            Optional<String> failed = trainer.signal(settings.signal());
            if (failed.isPresent()) {
                // the trainer may train on: "stopped" would be a lie to whoever scripts on the exit status
                outcome = BridgeOutcome.STOP_FAILED;
                done.add("FAILED to signal the trainer: " + failed.get());
            } else {
                done.add("sent SIG" + settings.signal() + " to process " + trainer.pid());
            }
        }
        String predicted = command.getPredictedFinal() == null ? ""
                : String.format(Locale.ROOT, " (predicted final %.2f%%)", command.getPredictedFinal());
        say.accept("stop command for model " + command.getModelId() + " run " + command.getRun() + ": "
                + command.getReason() + " at epoch " + format(command.getAtEpoch()) + predicted
                + (done.isEmpty() ? "" : "; " + String.join(", ", done)));
        return new BridgeResult(outcome, published, lastEpoch, command);
    }

    private static String format(double epoch) {
        return epoch == Math.rint(epoch) ? Long.toString((long) epoch) : Double.toString(epoch);
    }
}
