package org.peng4nn.search;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.peng4nn.events.LrMilestones;
import org.peng4nn.search.space.SearchSpace;
import org.peng4nn.search.strategy.Nsga2;
import org.peng4nn.search.strategy.RandomSearch;
import org.peng4nn.search.strategy.SearchStrategy;

/**
 * What a search does: its id, strategy and budget, the space, and what every training job asks for.
 * Build with {@link #builder(String, String, InputShape)}.
 *
 * @param searchId          goes into every job, result filter and model id; reusing one resumes that search
 *                          (its results already on the topic are taken instead of training again)
 * @param strategy          random or NSGA-II
 * @param models            random search: number of models
 * @param population        NSGA-II: genomes per generation
 * @param generations       NSGA-II: number of generations
 * @param space             the architectures to search
 * @param dataset           dataset name the trainers load (e.g. {@code fashion-mnist})
 * @param inputShape        the dataset's example shape, for parameter counts
 * @param maxEpochs         training budget of every job
 * @param hyperParameters   passed to every job as is (e.g. {@code learning_rate})
 * @param lrMilestones      the learning-rate schedule every job declares (the trainer cuts the rate there and the
 *                          events carry it, so the predictor knows where a plateau may end); none by default
 * @param seed              seeds the strategy: same seed and results, same search
 * @param generationTimeout how long to wait for a generation's results before reporting the rest missing
 * @param jobLease          the longest a taken job may go without an epoch event (from the moment a trainer takes
 *                          it, then from each epoch) before the driver declares its trainer lost and publishes the
 *                          job again as the next run; {@value JobLeases#DEFAULT_MAX_RUNS} runs at most, then the
 *                          network is reported MISSING. Time in the queue does not count. Default
 *                          {@link #DEFAULT_JOB_LEASE}, between {@link #MIN_JOB_LEASE} and {@link #MAX_JOB_LEASE}
 */
public record SearchOptions(String searchId, Strategy strategy, int models, int population, int generations,
                            SearchSpace space, String dataset, InputShape inputShape, int maxEpochs,
                            Map<String, String> hyperParameters, LrMilestones lrMilestones, long seed,
                            Duration generationTimeout, Duration jobLease) {

    /**
     * Ten minutes: covers a dataset load plus the first epoch (compile, warm-up) of a network on a GPU, or on the
     * 2-core CPU of docs/BENCHMARKS.md with room (about 100-180 s per epoch of a full training split there); a dead
     * trainer is then noticed within minutes rather than after the generation timeout of an hour. Raise it for
     * epochs that take longer (large networks on full splits on a CPU): a lease shorter than an epoch re-issues live
     * jobs, which wastes their training (it does not corrupt the search: only the latest run counts).
     */
    public static final Duration DEFAULT_JOB_LEASE = Duration.parse(SearchOptions.DEFAULT_JOB_LEASE_TEXT);
    /** {@link #DEFAULT_JOB_LEASE} as text, for command-line defaults. */
    public static final String DEFAULT_JOB_LEASE_TEXT = "PT10M";
    /** Shorter leases would re-issue jobs whose trainer merely paused (a GC, a broker election). */
    public static final Duration MIN_JOB_LEASE = Duration.ofSeconds(1);
    public static final Duration MAX_JOB_LEASE = Duration.ofHours(24);

    /** The search strategies on offer. */
    public enum Strategy {
        RANDOM, NSGA2
    }

    public SearchOptions {
        Objects.requireNonNull(searchId, "searchId");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(inputShape, "inputShape");
        Objects.requireNonNull(generationTimeout, "generationTimeout");
        Objects.requireNonNull(lrMilestones, "lrMilestones");
        Objects.requireNonNull(jobLease, "jobLease");
        hyperParameters = Map.copyOf(hyperParameters);
        if (searchId.isBlank()) {
            throw new IllegalArgumentException("the search id must not be blank");
        }
        if (maxEpochs < 1) {
            throw new IllegalArgumentException("max epochs must be >= 1, got " + maxEpochs);
        }
        if (generationTimeout.isNegative() || generationTimeout.isZero()) {
            throw new IllegalArgumentException("the generation timeout must be positive, got " + generationTimeout);
        }
        if (jobLease.compareTo(MIN_JOB_LEASE) < 0 || jobLease.compareTo(MAX_JOB_LEASE) > 0) {
            throw new IllegalArgumentException("the job lease must be between " + MIN_JOB_LEASE + " and "
                    + MAX_JOB_LEASE + ", got " + jobLease);
        }
        // validates the budget of the chosen strategy now rather than mid-search
        strategy(strategy, models, population, generations, space, seed);
    }

    /** A fresh strategy as configured. */
    public SearchStrategy newStrategy() {
        return strategy(strategy, models, population, generations, space, seed);
    }

    private static SearchStrategy strategy(Strategy strategy, int models, int population, int generations,
                                           SearchSpace space, long seed) {
        return switch (strategy) {
            case RANDOM -> new RandomSearch(space, models, seed);
            case NSGA2 -> new Nsga2(space, Nsga2.Settings.of(population, generations), seed);
        };
    }

    /**
     * Defaults: random search of 10 models, NSGA-II population 8 and 4 generations when chosen, the default
     * space, 25 epochs, no hyper-parameters, a constant learning rate, seed 1, one hour per generation, a job lease of
     * {@link #DEFAULT_JOB_LEASE}.
     */
    public static Builder builder(String searchId, String dataset, InputShape inputShape) {
        return new Builder(searchId, dataset, inputShape);
    }

    /** Collects options; anything not set keeps its default. */
    public static final class Builder {
        private final String searchId;
        private final String dataset;
        private final InputShape inputShape;
        private Strategy strategy = Strategy.RANDOM;
        private int models = 10;
        private int population = 8;
        private int generations = 4;
        private SearchSpace space = SearchSpace.defaults();
        private int maxEpochs = 25;
        private Map<String, String> hyperParameters = Map.of();
        private LrMilestones lrMilestones = LrMilestones.NONE;
        private long seed = 1;
        private Duration generationTimeout = Duration.ofHours(1);
        private Duration jobLease = DEFAULT_JOB_LEASE;

        private Builder(String searchId, String dataset, InputShape inputShape) {
            this.searchId = searchId;
            this.dataset = dataset;
            this.inputShape = inputShape;
        }

        /** Random search of {@code models} models. */
        public Builder random(int models) {
            this.strategy = Strategy.RANDOM;
            this.models = models;
            return this;
        }

        /** NSGA-II with {@code population} genomes per generation for {@code generations} generations. */
        public Builder nsga2(int population, int generations) {
            this.strategy = Strategy.NSGA2;
            this.population = population;
            this.generations = generations;
            return this;
        }

        public Builder space(SearchSpace space) {
            this.space = space;
            return this;
        }

        public Builder maxEpochs(int maxEpochs) {
            this.maxEpochs = maxEpochs;
            return this;
        }

        public Builder hyperParameters(Map<String, String> hyperParameters) {
            this.hyperParameters = hyperParameters;
            return this;
        }

        /** The learning-rate milestones every job declares. */
        public Builder lrMilestones(LrMilestones lrMilestones) {
            this.lrMilestones = lrMilestones;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder generationTimeout(Duration generationTimeout) {
            this.generationTimeout = generationTimeout;
            return this;
        }

        /** How long a taken job may show no progress before it is published again; see {@link SearchOptions}. */
        public Builder jobLease(Duration jobLease) {
            this.jobLease = jobLease;
            return this;
        }

        /** @throws IllegalArgumentException naming the option that is out of range */
        public SearchOptions build() {
            return new SearchOptions(searchId, strategy, models, population, generations, space, dataset, inputShape,
                    maxEpochs, hyperParameters, lrMilestones, seed, generationTimeout, jobLease);
        }
    }
}
