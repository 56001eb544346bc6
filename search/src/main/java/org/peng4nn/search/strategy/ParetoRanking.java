package org.peng4nn.search.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * NSGA-II's fast non-dominated sorting and crowding distance (Deb et al., 2002), as pure functions of a
 * list of {@link Objectives}. Candidates are referred to by their index in that list.
 */
public final class ParetoRanking {

    private ParetoRanking() {
    }

    /**
     * Splits the candidates into non-domination fronts: front 0 holds those no one dominates, front
     * {@code k + 1} those dominated only by members of fronts {@code <= k}. Indices within a front ascend.
     */
    public static List<List<Integer>> fronts(List<Objectives> points) {
        int n = points.size();
        List<List<Integer>> dominated = new ArrayList<>(n);
        int[] dominatorCount = new int[n];
        for (int i = 0; i < n; i++) {
            dominated.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (points.get(i).dominates(points.get(j))) {
                    dominated.get(i).add(j);
                    dominatorCount[j]++;
                } else if (points.get(j).dominates(points.get(i))) {
                    dominated.get(j).add(i);
                    dominatorCount[i]++;
                }
            }
        }
        List<List<Integer>> fronts = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatorCount[i] == 0) {
                current.add(i);
            }
        }
        while (!current.isEmpty()) {
            fronts.add(List.copyOf(current));
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                for (int j : dominated.get(i)) {
                    if (--dominatorCount[j] == 0) {
                        next.add(j);
                    }
                }
            }
            next.sort(Comparator.naturalOrder());
            current = next;
        }
        return fronts;
    }

    /**
     * Crowding distance of each member of one front (aligned with {@code front}): per objective, the
     * normalized gap between its two neighbours, summed; the extremes of any objective get infinity so the
     * ends of the trade-off are kept. Infeasible members have no values and get 0.
     */
    public static double[] crowdingDistances(List<Objectives> points, List<Integer> front) {
        int size = front.size();
        double[] distance = new double[size];
        if (size == 0 || !points.get(front.get(0)).feasible()) {
            return distance;
        }
        int objectives = points.get(front.get(0)).count();
        Integer[] order = new Integer[size];
        for (int m = 0; m < objectives; m++) {
            int objective = m;
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> points.get(front.get(i)).value(objective)));
            double min = points.get(front.get(order[0])).value(objective);
            double max = points.get(front.get(order[size - 1])).value(objective);
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[size - 1]] = Double.POSITIVE_INFINITY;
            if (max == min) {
                continue;
            }
            for (int k = 1; k < size - 1; k++) {
                double gap = points.get(front.get(order[k + 1])).value(objective)
                        - points.get(front.get(order[k - 1])).value(objective);
                distance[order[k]] += gap / (max - min);
            }
        }
        return distance;
    }

    /** The front and crowding distance of every candidate, aligned with {@code points}. */
    public static List<ParetoRank> rank(List<Objectives> points) {
        ParetoRank[] ranks = new ParetoRank[points.size()];
        List<List<Integer>> fronts = fronts(points);
        for (int f = 0; f < fronts.size(); f++) {
            List<Integer> front = fronts.get(f);
            double[] crowding = crowdingDistances(points, front);
            for (int k = 0; k < front.size(); k++) {
                ranks[front.get(k)] = new ParetoRank(f, crowding[k]);
            }
        }
        return List.of(ranks);
    }
}
