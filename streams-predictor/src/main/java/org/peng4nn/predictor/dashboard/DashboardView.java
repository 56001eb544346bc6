package org.peng4nn.predictor.dashboard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.peng4nn.events.EpochMetric;
import org.peng4nn.events.ModelResult;
import org.peng4nn.events.Prediction;
import org.peng4nn.events.StopCommand;

/**
 * What the dashboard shows, built from the events alone (epochs, predictions, stop commands, results), so that it
 * needs no access to a predictor's state store and can run beside a predictor cluster. Only a model's latest run is
 * kept: a retried training replaces the abandoned attempt's points.
 *
 * <p>Thread-safe: the feed applies events while HTTP threads read snapshots. Every change marks its model dirty;
 * {@link #drainChanges()} hands the dirty set to the one thread that pushes updates, so a burst of events on one
 * model becomes one update.
 */
public final class DashboardView {

    /** Status of a model as the dashboard shows it. */
    public enum Status {
        TRAINING, STOPPED_EARLY, COMPLETED, FAILED
    }

    /** One observed evaluation. */
    public record Point(double epoch, double value) {
    }

    /** One prediction as it was made: after the evaluation at {@code epoch}. */
    public record PredictionPoint(double epoch, double predictedFinal, Double lower, Double upper, boolean converged) {
    }

    /** A leaderboard row. Doubles are null when unknown, never NaN, so every row is valid JSON. */
    public record Row(String searchId, String modelId, int run, Status status, String stopReason, Double observed,
            Double predictedFinal, Double lower, Double upper, Double fitness, double epochsUsed, int maxEpochs,
            Double epochsSaved, Double gpuHoursSaved, boolean stopRequested) {
    }

    /** One search in the list of searches. */
    public record SearchSummary(String searchId, int models, int training, int stoppedEarly, double epochsUsed,
            long epochsBudget, double epochsSaved, Double gpuHoursSaved, Double bestFitness) {
    }

    /** One model's learning curve and its predictions over time. */
    public record Curve(String searchId, String modelId, int run, int maxEpochs, List<Point> observed,
            List<PredictionPoint> predictions, Row row) {
    }

    /** What changed since the last drain: model ids by search. */
    public record Changes(Map<String, Set<String>> models) {
        public boolean isEmpty() {
            return models.isEmpty();
        }
    }

    private static final class Model {
        final String searchId;
        final String modelId;
        int run;
        int maxEpochs;
        final TreeMap<Double, Double> observed = new TreeMap<>();
        final List<PredictionPoint> predictions = new ArrayList<>();
        long trainedMillis;
        int timedEpochs;
        ModelResult result;
        String stopReason;
        boolean stopRequested;

        Model(String searchId, String modelId, int run) {
            this.searchId = searchId;
            this.modelId = modelId;
            this.run = run;
        }

        /** False for an event of an older attempt; a newer attempt starts the model afresh. */
        boolean accept(int eventRun) {
            if (eventRun < run) {
                return false;
            }
            if (eventRun > run) {
                run = eventRun;
                observed.clear();
                predictions.clear();
                trainedMillis = 0;
                timedEpochs = 0;
                result = null;
                stopReason = null;
                stopRequested = false;
            }
            return true;
        }

        Row row() {
            PredictionPoint last = predictions.isEmpty() ? null : predictions.get(predictions.size() - 1);
            Double observedLast = observed.isEmpty() ? null : observed.lastEntry().getValue();
            double lastEpoch = observed.isEmpty() ? -1 : observed.lastKey();
            Status status = Status.TRAINING;
            double used = lastEpoch + 1;
            Double predicted = last == null ? null : last.predictedFinal();
            Double fitness = null;
            if (result != null) {
                status = switch (result.getStatus()) {
                    case STOPPED_EARLY -> Status.STOPPED_EARLY;
                    case COMPLETED -> Status.COMPLETED;
                    case FAILED -> Status.FAILED;
                };
                used = result.getEpochsUsed();
                observedLast = result.getObservedFinal() != null ? result.getObservedFinal() : observedLast;
                predicted = result.getPredictedFinal() != null ? result.getPredictedFinal() : predicted;
                fitness = finite(result.getFitness());
            } else if (predicted != null) {
                fitness = predicted;
            }
            Double saved = null;
            Double gpuHours = null;
            if (result != null && status != Status.FAILED && maxEpochs > 0) {
                saved = Math.max(0, maxEpochs - used);
                // the mean measured epoch of this run stands for the epochs it did not train
                gpuHours = timedEpochs == 0 ? null : saved * trainedMillis / (double) timedEpochs / 3_600_000.0;
            }
            return new Row(searchId, modelId, run, status, stopReason, finite(observedLast), finite(predicted),
                    last == null ? null : finite(last.lower()), last == null ? null : finite(last.upper()), fitness,
                    Math.max(0, used), maxEpochs, saved, gpuHours, stopRequested);
        }
    }

    private final Map<String, Map<String, Model>> searches = new TreeMap<>();
    private Map<String, Set<String>> dirty = new HashMap<>();

    public synchronized void apply(EpochMetric event) {
        if (!"val_acc".equals(event.getMetric())) {
            return;
        }
        Model model = model(event.getSearchId(), event.getModelId(), event.getRun());
        if (model.accept(event.getRun())) {
            model.maxEpochs = event.getMaxEpochs();
            model.observed.put(event.getEpoch(), event.getValue());
            if (event.getEpochDurationMs() != null) {
                model.trainedMillis += event.getEpochDurationMs();
                model.timedEpochs++;
            }
            touch(model);
        }
    }

    public synchronized void apply(Prediction event) {
        Model model = model(event.getSearchId(), event.getModelId(), event.getRun());
        if (model.accept(event.getRun())) {
            model.maxEpochs = event.getMaxEpochs();
            model.predictions.add(new PredictionPoint(event.getEpoch(), event.getPredictedFinal(), event.getLower(),
                    event.getUpper(), event.getConverged()));
            touch(model);
        }
    }

    public synchronized void apply(StopCommand event) {
        Model model = model(event.getSearchId(), event.getModelId(), event.getRun());
        if (model.accept(event.getRun())) {
            model.stopReason = event.getReason().name();
            model.stopRequested = true;
            touch(model);
        }
    }

    public synchronized void apply(ModelResult event) {
        Model model = model(event.getSearchId(), event.getModelId(), event.getRun());
        if (model.accept(event.getRun())) {
            model.result = event;
            model.maxEpochs = event.getMaxEpochs();
            if (model.stopReason == null) {
                model.stopReason = switch (event.getStatus()) {
                    case COMPLETED -> "MAX_EPOCHS";
                    case FAILED -> "FAILED";
                    case STOPPED_EARLY -> null;
                };
            }
            touch(model);
        }
    }

    /** Every search, newest first by name (search ids of the demo and the driver carry their start time). */
    public synchronized List<SearchSummary> searches() {
        List<SearchSummary> out = new ArrayList<>();
        searches.forEach((id, models) -> out.add(summary(id, models)));
        out.sort(Comparator.comparing(SearchSummary::searchId).reversed());
        return out;
    }

    public synchronized Optional<SearchSummary> search(String searchId) {
        Map<String, Model> models = searches.get(searchId);
        return models == null ? Optional.empty() : Optional.of(summary(searchId, models));
    }

    /** The search's leaderboard: best fitness first, models without one last. */
    public synchronized List<Row> leaderboard(String searchId) {
        return rows(searchId, searches.getOrDefault(searchId, Map.of()).keySet());
    }

    /** The rows of some models of a search, in leaderboard order; unknown ids are left out. */
    public synchronized List<Row> rows(String searchId, Set<String> modelIds) {
        Map<String, Model> models = searches.getOrDefault(searchId, Map.of());
        List<Row> rows = new ArrayList<>();
        for (String id : modelIds) {
            Model model = models.get(id);
            if (model != null) {
                rows.add(model.row());
            }
        }
        rows.sort(LEADERBOARD_ORDER);
        return rows;
    }

    public synchronized Optional<Curve> curve(String searchId, String modelId) {
        Model model = searches.getOrDefault(searchId, Map.of()).get(modelId);
        if (model == null) {
            return Optional.empty();
        }
        List<Point> points = new ArrayList<>();
        model.observed.forEach((epoch, value) -> points.add(new Point(epoch, value)));
        return Optional.of(new Curve(searchId, modelId, model.run, model.maxEpochs, points,
                List.copyOf(model.predictions), model.row()));
    }

    /** The models changed since the last call. */
    public synchronized Changes drainChanges() {
        Map<String, Set<String>> changed = dirty;
        dirty = new HashMap<>();
        return new Changes(changed);
    }

    static final Comparator<Row> LEADERBOARD_ORDER = Comparator
            .comparing((Row r) -> r.fitness() == null)
            .thenComparing(r -> r.fitness() == null ? 0 : -r.fitness())
            .thenComparing(Row::modelId);

    private Model model(String searchId, String modelId, int run) {
        return searches.computeIfAbsent(searchId, s -> new LinkedHashMap<>())
                .computeIfAbsent(modelId, m -> new Model(searchId, modelId, run));
    }

    private void touch(Model model) {
        dirty.computeIfAbsent(model.searchId, s -> new TreeSet<>()).add(model.modelId);
    }

    private static SearchSummary summary(String searchId, Map<String, Model> models) {
        int training = 0;
        int stopped = 0;
        double used = 0;
        double saved = 0;
        long budget = 0;
        double gpuHours = 0;
        boolean anyGpuHours = false;
        Double best = null;
        for (Model model : models.values()) {
            Row row = model.row();
            training += row.status() == Status.TRAINING ? 1 : 0;
            stopped += row.status() == Status.STOPPED_EARLY ? 1 : 0;
            used += row.epochsUsed();
            budget += row.maxEpochs();
            saved += row.epochsSaved() == null ? 0 : row.epochsSaved();
            if (row.gpuHoursSaved() != null) {
                gpuHours += row.gpuHoursSaved();
                anyGpuHours = true;
            }
            if (row.status() != Status.TRAINING && row.fitness() != null && (best == null || row.fitness() > best)) {
                best = row.fitness();
            }
        }
        return new SearchSummary(searchId, models.size(), training, stopped, used, budget, saved,
                anyGpuHours ? gpuHours : null, best);
    }

    private static Double finite(Double value) {
        return value == null || !Double.isFinite(value) ? null : value;
    }
}
