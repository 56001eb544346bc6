package org.peng4nn.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.architecture.ConvBlock;
import org.peng4nn.search.genome.Genome;
import org.peng4nn.search.space.SearchSpace;
import org.peng4nn.search.strategy.Nsga2;
import org.peng4nn.search.strategy.Objectives;
import org.peng4nn.search.strategy.Scored;

/**
 * Measures what NSGA-II itself costs per generation (ranking, survival, breeding, decoding, parameter
 * counts), without any training, for the documentation. Not a test: run it by hand, see search/README.md.
 */
public final class Nsga2Overhead {

    private Nsga2Overhead() {
    }

    public static void main(String[] args) {
        SearchSpace space = SearchSpace.defaults();
        int generations = 50;
        for (int population : new int[] {10, 50, 200}) {
            for (int warmup = 0; warmup < 3; warmup++) {
                run(space, population, generations, warmup);
            }
            double[] micros = run(space, population, generations, 42);
            Arrays.sort(micros);
            System.out.printf(Locale.ROOT, "population %3d, %d generations: per generation median %.0f us, max %.0f us%n",
                    population, generations, micros[micros.length / 2], micros[micros.length - 1]);
        }
    }

    /** Wall time of each generation's proposal plus decoding, in microseconds. */
    private static double[] run(SearchSpace space, int population, int generations, long seed) {
        Nsga2 nsga2 = new Nsga2(space, Nsga2.Settings.of(population, generations), seed);
        List<Double> micros = new ArrayList<>();
        List<Scored> scored = List.of();
        while (true) {
            long start = System.nanoTime();
            List<Genome> next = nsga2.nextGeneration(scored);
            List<Scored> scores = new ArrayList<>(next.size());
            for (Genome genome : next) {
                Architecture architecture = space.decode(genome);
                long params = architecture.parameterCount(1, 28, 28, 10);
                scores.add(new Scored(genome, Objectives.minimize(-fakeFitness(architecture), params)));
            }
            micros.add((System.nanoTime() - start) / 1e3);
            if (next.isEmpty()) {
                break;
            }
            scored = scores;
        }
        return micros.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // stands in for training: grows with depth and width, as accuracy tends to on small CNNs
    private static double fakeFitness(Architecture architecture) {
        return 50 + 6 * architecture.blocks().size()
                + Math.log(architecture.blocks().stream().mapToInt(ConvBlock::channels).sum());
    }
}
