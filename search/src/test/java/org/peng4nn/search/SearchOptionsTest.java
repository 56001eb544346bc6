package org.peng4nn.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.search.strategy.Nsga2;
import org.peng4nn.search.strategy.RandomSearch;

class SearchOptionsTest {

    private static final InputShape SHAPE = new InputShape(3, 32, 32, 100);

    @Test
    void buildsTheChosenStrategyWithItsBudget() {
        SearchOptions random = SearchOptions.builder("s", "cifar100", SHAPE).random(7).build();
        assertThat(random.newStrategy()).isInstanceOf(RandomSearch.class);
        assertThat(random.newStrategy().plannedModels()).isEqualTo(7);
        SearchOptions nsga2 = SearchOptions.builder("s", "cifar100", SHAPE).nsga2(5, 3).seed(4)
                .hyperParameters(Map.of("batch_size", "32")).build();
        assertThat(nsga2.newStrategy()).isInstanceOf(Nsga2.class);
        assertThat(nsga2.newStrategy().plannedModels()).isEqualTo(15);
        // each call a fresh strategy, the same for the same seed
        assertThat(nsga2.newStrategy().nextGeneration(List.of())).isEqualTo(nsga2.newStrategy().nextGeneration(List.of()));
        assertThat(nsga2.hyperParameters()).containsEntry("batch_size", "32");
        assertThat(nsga2.lrMilestones()).isEqualTo(LrMilestones.NONE);
        assertThat(SearchOptions.builder("s", "cifar100", SHAPE).lrMilestones(LrMilestones.of(20)).build()
                .lrMilestones()).isEqualTo(LrMilestones.of(20));
    }

    @Test
    void refusesOptionsOutOfRangeByName() {
        SearchOptions.Builder builder = SearchOptions.builder("s", "cifar100", SHAPE);
        assertThatThrownBy(() -> builder.random(0).build()).hasMessageContaining("at least 1 model");
        assertThatThrownBy(() -> builder.nsga2(4, 0).build()).hasMessageContaining("at least 1 generation");
        assertThatThrownBy(() -> builder.nsga2(4, 2).maxEpochs(0).build()).hasMessageContaining("max epochs");
        assertThatThrownBy(() -> builder.maxEpochs(5).generationTimeout(Duration.ZERO).build())
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> SearchOptions.builder(" ", "cifar100", SHAPE).build()).hasMessageContaining("blank");
        assertThatThrownBy(() -> builder.generationTimeout(Duration.ofHours(1)).jobLease(Duration.ofMillis(500)).build())
                .hasMessageContaining("job lease must be between PT1S and PT24H, got PT0.5S");
        assertThatThrownBy(() -> builder.jobLease(Duration.ofDays(2)).build()).hasMessageContaining("job lease");
        assertThat(SearchOptions.builder("s", "cifar100", SHAPE).build().jobLease())
                .isEqualTo(SearchOptions.DEFAULT_JOB_LEASE).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void inputShapesOfKnownDatasetsAndFromText() {
        assertThat(InputShape.ofDataset("Fashion-MNIST")).contains(new InputShape(1, 28, 28, 10));
        assertThat(InputShape.ofDataset("cifar100")).contains(new InputShape(3, 32, 32, 100));
        assertThat(InputShape.ofDataset("imagenet")).isEmpty();
        assertThat(InputShape.parse("3x64x48", 5)).isEqualTo(new InputShape(3, 64, 48, 5));
        assertThatThrownBy(() -> InputShape.parse("3x64", 5)).hasMessageContaining("'3x64'");
        assertThatThrownBy(() -> InputShape.parse("3xax4", 5)).hasMessageContaining("'3xax4'");
        assertThatThrownBy(() -> new InputShape(0, 1, 1, 2)).hasMessageContaining("channels");
        assertThat(Candidate.modelId("s1", 2, 7)).isEqualTo("s1-g2-m7");
    }
}
