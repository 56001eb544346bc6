package org.peng4nn.predictor.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.peng4nn.predictor.ModelStatus;

/** Ranking the models of one search gathered from several instances. */
class SearchLeaderboardTest {

    private static ModelSummary model(String id, String search, ModelStatus status, Double fitness,
            Double predicted) {
        return new ModelSummary(id, search, 1, status, "penguin", 10, 9.0, 80.0, predicted, fitness, 10.0, 25, 0,
                "h:" + id.length());
    }

    @Test
    void finishedModelsComeFirstByFitnessThenTrainingOnesByPredictionWithoutRank() {
        List<ModelSummary> models = new ArrayList<>(List.of(
                model("t-low", "s", ModelStatus.TRAINING, null, 70.0),
                model("c-mid", "s", ModelStatus.COMPLETED, 85.0, 84.0),
                model("t-none", "s", ModelStatus.TRAINING, null, null),
                model("s-best", "s", ModelStatus.STOPPED, 91.0, 91.0),
                model("t-high", "s", ModelStatus.TRAINING, null, 95.0),
                model("s-low", "s", ModelStatus.STOPPED, 60.0, 60.0),
                model("other", "another-search", ModelStatus.STOPPED, 99.0, 99.0)));
        Collections.shuffle(models, new Random(7));

        SearchLeaderboard board = SearchLeaderboard.rank("s", models, List.of());

        assertThat(board.entries()).extracting(SearchLeaderboard.Entry::modelId)
                .containsExactly("s-best", "c-mid", "s-low", "t-high", "t-low", "t-none");
        assertThat(board.entries()).extracting(SearchLeaderboard.Entry::rank)
                .containsExactly(1, 2, 3, null, null, null);
        assertThat(board.models()).isEqualTo(6);
        assertThat(board.finished()).isEqualTo(3);
        assertThat(board.partial()).isFalse();
    }

    @Test
    void equalFitnessIsOrderedByModelId() {
        List<ModelSummary> models = List.of(
                model("b", "s", ModelStatus.STOPPED, 80.0, 80.0),
                model("c", "s", ModelStatus.COMPLETED, 80.0, 79.0),
                model("a", "s", ModelStatus.STOPPED, 80.0, 80.0));

        SearchLeaderboard board = SearchLeaderboard.rank("s", models, List.of());

        assertThat(board.entries()).extracting(SearchLeaderboard.Entry::modelId).containsExactly("a", "b", "c");
    }

    @Test
    void unreachableInstancesMakeTheBoardPartial() {
        SearchLeaderboard board = SearchLeaderboard.rank("s", List.of(), List.of("host-b:7071"));

        assertThat(board.partial()).isTrue();
        assertThat(board.unreachable()).containsExactly("host-b:7071");
        assertThat(board.entries()).isEmpty();
    }

    @Test
    void filterParsesStatusCaseInsensitivelyAndRejectsUnknownOnes() {
        ModelFilter filter = ModelFilter.parse("s", "stopped");

        assertThat(filter.test(model("x", "s", ModelStatus.STOPPED, 1.0, 1.0))).isTrue();
        assertThat(filter.test(model("x", "s", ModelStatus.TRAINING, null, 1.0))).isFalse();
        assertThat(filter.test(model("x", "t", ModelStatus.STOPPED, 1.0, 1.0))).isFalse();
        assertThat(filter.queryString()).isEqualTo("search_id=s&status=STOPPED");
        assertThat(ModelFilter.parse(null, " ")).isEqualTo(ModelFilter.ANY);
        assertThat(ModelFilter.parse("a b&c", null).queryString()).isEqualTo("search_id=a+b%26c");
        assertThatThrownBy(() -> ModelFilter.parse(null, "running"))
                .isInstanceOf(ModelFilter.BadFilterException.class).hasMessageContaining("running")
                .hasMessageContaining("TRAINING");
    }
}
