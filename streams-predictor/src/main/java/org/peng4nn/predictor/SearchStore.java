package org.peng4nn.predictor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.population.Population;
import org.peng4nn.engine.population.SearchState;
import org.peng4nn.predictor.SearchStateCodec.Finished;
import org.peng4nn.predictor.SearchStateCodec.Head;

/**
 * What each search has taught its policy ({@link SearchState}), in the searches store of one task, written as it
 * changes: a small head per search (models started) under its search_id, and one record per finished model under
 * {@code search_id + "\u0000" + its number} (its fitness and, while it is in its budget's population, its curve).
 * A model that starts writes the head; one that finishes writes the head and its own record, and when its curve
 * pushes the oldest out of a full population, that one's record again without the curve: a few bytes instead of
 * the whole search (which, with 500 kept curves, is hundreds of KB), so the work per start or finish no longer
 * grows with the search. The store stays bounded by the finished models' fitness plus the kept curves.
 *
 * <p>Decoded searches are kept for the searches in progress: their populations keep the regressions they fitted,
 * which the bytes do not carry, and this is the only writer of the store. After a restart (or when a search was
 * evicted from memory) a search is rebuilt from its head and a prefix scan of its finished records, in the order
 * they finished: the same state, since the finished fitness is a ranking and a population keeps the latest curves.
 * A version 1 record (the whole search in one record, before 2026-12-02) is read and rewritten in this layout.
 */
final class SearchStore {

    /** Between a search_id and the number of one of its finished models; sorts before any character of an id. */
    static final char SEPARATOR = '\u0000';
    /** Searches whose decoded state stays in memory: more than run at once on one task. */
    private static final int SEARCHES_CACHED = 64;
    private static final StringSerializer KEYS = new StringSerializer();

    /** One search in memory: its state, the next finished record's number and which records hold kept curves. */
    private static final class Log {
        SearchState state;
        int next;
        /** Per budget: the records whose curve is in the population, oldest first. */
        final Map<Integer, ArrayDeque<Kept>> kept = new HashMap<>();

        Log(SearchState state, int next) {
            this.state = state;
            this.next = next;
        }
    }

    /** A finished record that holds a kept curve, with the fitness it keeps once the curve leaves. */
    private record Kept(int number, double fitness) {
    }

    private final KeyValueStore<String, byte[]> store;
    /** Most recently used last. */
    private final Map<String, Log> recent = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Log> eldest) {
            return size() > SEARCHES_CACHED;
        }
    };

    SearchStore(KeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /** The search's state; a search not seen before starts empty, keeping {@code capacity} curves per budget. */
    SearchState get(String searchId, int capacity) {
        return log(searchId, capacity).state;
    }

    /**
     * Records the search's state after one event ({@link ModelStep#search()}).
     *
     * @param finishedModel the model whose finish this event was, or null when it only started one
     */
    void update(String searchId, SearchState after, ModelState finishedModel) {
        Log log = log(searchId, after.capacity());
        SearchState before = log.state;
        boolean headChanged = after.started() != before.started();
        if (finishedModel != null) {
            boolean hasFitness = after.finished().size() > before.finished().size();
            double fitness = hasFitness ? SearchState.fitnessOf(finishedModel) : Double.NaN;
            int budget = joinedBudget(before, after);
            double[] curve = budget > 0 ? finishedModel.curve().accuracies() : null;
            if (hasFitness || curve != null) {
                int number = log.next++;
                store.put(finishedKey(searchId, number), SearchStateCodec.encodeFinished(new Finished(fitness, curve)));
                headChanged = true;
                if (curve != null) {
                    ArrayDeque<Kept> kept = log.kept.computeIfAbsent(budget, b -> new ArrayDeque<>());
                    kept.addLast(new Kept(number, fitness));
                    forgetCurvesBeyond(searchId, kept, after.populations().get(budget).size());
                }
            }
        }
        if (headChanged) {
            store.put(searchId, SearchStateCodec.encodeHead(new Head(after.started(), after.capacity(), log.next)));
        }
        log.state = after;
    }

    /** The budget whose population took a curve between the two states; 0 when none did. */
    private static int joinedBudget(SearchState before, SearchState after) {
        for (Map.Entry<Integer, Population> p : after.populations().entrySet()) {
            if (before.populations().get(p.getKey()) != p.getValue()) {
                return p.getKey();
            }
        }
        return 0;
    }

    /** Curves pushed out of a full population: their records keep only the fitness, or go. */
    private void forgetCurvesBeyond(String searchId, ArrayDeque<Kept> kept, int populationSize) {
        while (kept.size() > populationSize) {
            Kept oldest = kept.removeFirst();
            String key = finishedKey(searchId, oldest.number());
            if (Double.isNaN(oldest.fitness())) {
                store.delete(key);
            } else {
                store.put(key, SearchStateCodec.encodeFinished(new Finished(oldest.fitness(), null)));
            }
        }
    }

    private Log log(String searchId, int capacity) {
        Log log = recent.get(searchId);
        if (log == null) {
            log = load(searchId, capacity);
            recent.put(searchId, log);
        }
        return log;
    }

    private Log load(String searchId, int capacity) {
        byte[] head = store.get(searchId);
        if (head == null) {
            return new Log(SearchState.empty(capacity), 0);
        }
        if (SearchStateCodec.version(head) == SearchStateCodec.VERSION) {
            return migrate(searchId, SearchStateCodec.decode(head));
        }
        return rebuild(store, searchId);
    }

    /** The search of a version 1 record, rewritten as a head and finished records (fitness and kept curves apart). */
    private Log migrate(String searchId, SearchState whole) {
        Log log = new Log(whole, 0);
        for (double fitness : whole.finished().values()) {
            store.put(finishedKey(searchId, log.next++), SearchStateCodec.encodeFinished(new Finished(fitness, null)));
        }
        for (Map.Entry<Integer, Population> p : whole.populations().entrySet()) {
            ArrayDeque<Kept> kept = log.kept.computeIfAbsent(p.getKey(), b -> new ArrayDeque<>());
            for (double[] curve : p.getValue().curves()) {
                int number = log.next++;
                store.put(finishedKey(searchId, number), SearchStateCodec.encodeFinished(new Finished(Double.NaN, curve)));
                kept.addLast(new Kept(number, Double.NaN));
            }
        }
        store.put(searchId, SearchStateCodec.encodeHead(new Head(whole.started(), whole.capacity(), log.next)));
        return log;
    }

    /** A search from its head and its finished records, replayed in the order they finished. */
    private static Log rebuild(KeyValueStore<String, byte[]> store, String searchId) {
        Head head = SearchStateCodec.decodeHead(store.get(searchId));
        List<Double> fitness = new ArrayList<>();
        Map<Integer, Population> populations = new TreeMap<>();
        Log log = new Log(null, head.next());
        try (KeyValueIterator<String, byte[]> records = store.prefixScan(searchId + SEPARATOR, KEYS)) {
            while (records.hasNext()) {
                KeyValue<String, byte[]> record = records.next();
                Finished finished = SearchStateCodec.decodeFinished(record.value);
                if (finished.hasFitness()) {
                    fitness.add(finished.fitness());
                }
                double[] curve = finished.curve();
                if (curve != null) {
                    populations.put(curve.length, populations.getOrDefault(curve.length,
                            Population.empty(curve.length, Math.max(2, head.capacity()))).with(curve));
                    log.kept.computeIfAbsent(curve.length, b -> new ArrayDeque<>())
                            .addLast(new Kept(number(searchId, record.key), finished.fitness()));
                }
            }
        }
        double[] values = fitness.stream().mapToDouble(Double::doubleValue).toArray();
        log.state = new SearchState(head.started(), FinishedFitness.of(values), populations, head.capacity());
        return log;
    }

    /** The search as stored (no decoded state reused): for tests and tools that read a store. */
    static SearchState read(KeyValueStore<String, byte[]> store, String searchId) {
        byte[] head = store.get(searchId);
        if (head == null) {
            return null;
        }
        return SearchStateCodec.version(head) == SearchStateCodec.VERSION ? SearchStateCodec.decode(head)
                : rebuild(store, searchId).state;
    }

    static String finishedKey(String searchId, int number) {
        // zero-padded: the store orders keys by their bytes, so a prefix scan returns them in finishing order
        return searchId + SEPARATOR + String.format("%010d", number);
    }

    private static int number(String searchId, String key) {
        return Integer.parseInt(key.substring(searchId.length() + 1));
    }
}
