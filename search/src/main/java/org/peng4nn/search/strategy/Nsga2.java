package org.peng4nn.search.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.genome.GenomeLayout;
import org.peng4nn.search.genome.GenomeSpace;

/**
 * NSGA-II (Deb et al., 2002), one generation per call, as NSGA-Net uses it for architectures:
 * <ol>
 *   <li>generation 1 is {@code population} random genomes;</li>
 *   <li>after each generation, parents and offspring are pooled and ranked by non-dominated sorting and
 *       crowding distance ({@link ParetoRanking}); the best {@code population} survive (elitism);</li>
 *   <li>the next generation is bred from the survivors: two binary tournaments on the crowded comparison
 *       pick the parents, uniform crossover (with probability {@code crossoverRate}) and point mutation
 *       make the child; a child whose network was already proposed is bred again.</li>
 * </ol>
 * After {@code generations} generations the search is over and {@link #survivors()} holds the final
 * population. Deterministic for a seed; failed candidates are infeasible (see {@link Objectives}).
 */
public final class Nsga2 implements SearchStrategy {

    /**
     * @param population         genomes per generation, {@code >= 2}
     * @param generations        generations in all, {@code >= 1}
     * @param crossoverRate      chance that a child mixes two parents rather than copying one
     * @param mutationsPerChild  expected number of genes a mutation changes per child
     */
    public record Settings(int population, int generations, double crossoverRate, double mutationsPerChild) {
        public Settings {
            if (population < 2) {
                throw new IllegalArgumentException("NSGA-II needs a population of at least 2, got " + population);
            }
            if (generations < 1) {
                throw new IllegalArgumentException("NSGA-II needs at least 1 generation, got " + generations);
            }
            if (!(crossoverRate >= 0 && crossoverRate <= 1)) {
                throw new IllegalArgumentException("crossover rate must be within [0, 1], got " + crossoverRate);
            }
            if (!(mutationsPerChild >= 0)) {
                throw new IllegalArgumentException("mutations per child must be >= 0, got " + mutationsPerChild);
            }
        }

        /** Deb's usual choices: crossover 0.9, one mutated gene per child on average. */
        public static Settings of(int population, int generations) {
            return new Settings(population, generations, 0.9, 1.0);
        }
    }

    private final GenomeSpace space;
    private final Settings settings;
    private final SplittableRandom random;
    private final SeenGenomes seen;

    private int generation;
    private List<Genome> lastProposed = List.of();
    private List<Scored> survivors = List.of();
    private List<ParetoRank> survivorRanks = List.of();

    public Nsga2(GenomeSpace space, Settings settings, long seed) {
        this.space = space;
        this.settings = settings;
        this.random = new SplittableRandom(seed);
        this.seen = new SeenGenomes(space);
    }

    @Override
    public List<Genome> nextGeneration(List<Scored> lastGeneration) {
        List<Genome> scoredGenomes = lastGeneration.stream().map(Scored::genome).toList();
        if (!scoredGenomes.equals(lastProposed)) {
            throw new IllegalArgumentException("expected the scores of the " + lastProposed.size()
                    + " genomes of generation " + generation + " in proposal order, got " + scoredGenomes.size()
                    + " others");
        }
        if (generation > 0 && lastProposed.isEmpty()) {
            return List.of(); // already over
        }
        if (generation > 0) {
            survive(lastGeneration);
        }
        List<Genome> next = generation == settings.generations() ? List.of()
                : generation == 0 ? sample() : breed();
        lastProposed = next;
        if (!next.isEmpty()) {
            generation++;
        }
        return next;
    }

    /** The current parents (after the last generation: the final population), best first. */
    public List<Scored> survivors() {
        return survivors;
    }

    /** Front and crowding distance of each survivor, aligned with {@link #survivors()}. */
    public List<ParetoRank> survivorRanks() {
        return survivorRanks;
    }

    /** Generations proposed so far. */
    public int generation() {
        return generation;
    }

    @Override
    public int plannedModels() {
        return settings.population() * settings.generations();
    }

    @Override
    public String name() {
        return "nsga2";
    }

    private List<Genome> sample() {
        return fill(() -> space.layout().random(random));
    }

    private List<Genome> breed() {
        GenomeLayout layout = space.layout();
        double mutationRate = Math.min(1, settings.mutationsPerChild() / layout.length());
        return fill(() -> {
            Genome a = tournament();
            Genome child = random.nextDouble() < settings.crossoverRate() ? layout.crossover(a, tournament(), random) : a;
            return layout.mutate(child, mutationRate, random);
        });
    }

    private List<Genome> fill(Supplier<Genome> draw) {
        List<Genome> genomes = new ArrayList<>(settings.population());
        while (genomes.size() < settings.population()) {
            Optional<Genome> next = seen.claimNew(draw);
            if (next.isEmpty()) {
                break; // hardly anything new left near the survivors: a smaller generation
            }
            genomes.add(next.get());
        }
        return List.copyOf(genomes);
    }

    /** Binary tournament on the crowded comparison; a tie goes to the first drawn. */
    private Genome tournament() {
        int a = random.nextInt(survivors.size());
        int b = random.nextInt(survivors.size());
        return ParetoRank.BEST_FIRST.compare(survivorRanks.get(b), survivorRanks.get(a)) < 0
                ? survivors.get(b).genome() : survivors.get(a).genome();
    }

    /** Elitist survival: the best {@code population} of parents and offspring by the crowded comparison. */
    private void survive(List<Scored> offspring) {
        List<Scored> pool = new ArrayList<>(survivors);
        pool.addAll(offspring);
        List<ParetoRank> ranks = ParetoRanking.rank(pool.stream().map(Scored::objectives).toList());
        // index as the last key keeps the order, and so the search, deterministic on ties
        List<Integer> best = IntStream.range(0, pool.size()).boxed()
                .sorted(Comparator.comparing(ranks::get, ParetoRank.BEST_FIRST).thenComparingInt(i -> i))
                .limit(settings.population()).toList();
        survivors = best.stream().map(pool::get).toList();
        survivorRanks = best.stream().map(ranks::get).toList();
    }
}
