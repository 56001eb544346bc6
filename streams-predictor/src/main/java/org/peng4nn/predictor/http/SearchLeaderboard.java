package org.peng4nn.predictor.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.peng4nn.predictor.ModelStatus;

/**
 * The models of one search in the order the search would pick them ({@code GET /searches/{id}/leaderboard}):
 * finished models by fitness, best first, then the models still training by their latest prediction.
 * Only finished models have a rank: a training model's fitness is not known yet.
 *
 * @param finished     models stopped or completed
 * @param partial      true when some predictor instance could not be asked, so models may be missing
 * @param unreachable  {@code host:port} of those instances
 */
public record SearchLeaderboard(String searchId, int models, int finished, boolean partial, List<String> unreachable,
        List<Entry> entries) {

    /**
     * One row.
     *
     * @param rank        1 for the best finished model; null while training
     * @param fitness     null while training
     * @param epochsUsed  epochs the model has trained (the budget once completed)
     */
    public record Entry(Integer rank, String modelId, ModelStatus status, Double fitness, Double predictedFinal,
            Double latestAccuracy, Double epochsUsed, int maxEpochs, int run, String owner) {
    }

    // best first; a missing value (NaN fitness of a broken record, no prediction yet) goes last; ties by model_id
    private static final Comparator<ModelSummary> FINISHED = Comparator
            .comparing(ModelSummary::fitness, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(ModelSummary::modelId);
    private static final Comparator<ModelSummary> TRAINING = Comparator
            .comparing(ModelSummary::predictedFinal, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(ModelSummary::modelId);

    /** Ranks the models of {@code searchId} among {@code models}; models of other searches are left out. */
    public static SearchLeaderboard rank(String searchId, List<ModelSummary> models, List<String> unreachable) {
        List<ModelSummary> finished = new ArrayList<>();
        List<ModelSummary> training = new ArrayList<>();
        for (ModelSummary m : models) {
            if (searchId.equals(m.searchId())) {
                (m.finished() ? finished : training).add(m);
            }
        }
        finished.sort(FINISHED);
        training.sort(TRAINING);
        List<Entry> entries = new ArrayList<>(finished.size() + training.size());
        for (int i = 0; i < finished.size(); i++) {
            entries.add(entry(i + 1, finished.get(i)));
        }
        training.forEach(m -> entries.add(entry(null, m)));
        return new SearchLeaderboard(searchId, entries.size(), finished.size(), !unreachable.isEmpty(),
                List.copyOf(unreachable), List.copyOf(entries));
    }

    private static Entry entry(Integer rank, ModelSummary m) {
        return new Entry(rank, m.modelId(), m.status(), m.fitness(), m.predictedFinal(), m.latestAccuracy(),
                m.epochsUsed(), m.maxEpochs(), m.run(), m.owner());
    }
}
