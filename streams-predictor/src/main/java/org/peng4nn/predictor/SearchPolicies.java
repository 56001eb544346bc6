package org.peng4nn.predictor;

import java.util.LinkedHashMap;
import java.util.Map;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.StoppingPolicy;

/**
 * Which stopping policy watches the models of each search: one default, and per-search overrides
 * (a search may choose another policy or other settings). Every policy is built when the
 * configuration is read, so a bad setting fails at start, not at the first event of that search.
 */
public final class SearchPolicies {

    private final StoppingPolicy defaultPolicy;
    private final Map<String, StoppingPolicy> bySearch;

    public SearchPolicies(StoppingPolicy defaultPolicy, Map<String, StoppingPolicy> bySearch) {
        this.defaultPolicy = defaultPolicy;
        this.bySearch = Map.copyOf(bySearch);
    }

    /**
     * Whether {@code policy} reads more than the model's own curve: the finished curves or fitness of
     * its search. The predictor then keeps a {@link org.peng4nn.engine.population.SearchState} per
     * search and sees every event of a search in one order.
     */
    public static boolean learnsFromSearch(StoppingPolicy policy) {
        return policy.populationCapacity() > 0 || policy.usesFinishedFitness();
    }

    /**
     * Whether any search's policy learns from its search, so the topology must bring the events of a
     * search together (repartition by search_id) before deciding.
     */
    public boolean needSearchOrder() {
        return learnsFromSearch(defaultPolicy) || bySearch.values().stream().anyMatch(SearchPolicies::learnsFromSearch);
    }

    /** Every search under {@code name} with {@code settings}. */
    public static SearchPolicies of(String name, Map<String, String> settings) {
        return new SearchPolicies(Policies.byName(name, settings), Map.of());
    }

    /** The same, with {@code searchId} watched by {@code policy} instead. */
    public SearchPolicies with(String searchId, StoppingPolicy policy) {
        Map<String, StoppingPolicy> next = new LinkedHashMap<>(bySearch);
        next.put(searchId, policy);
        return new SearchPolicies(defaultPolicy, next);
    }

    public StoppingPolicy forSearch(String searchId) {
        return bySearch.getOrDefault(searchId, defaultPolicy);
    }

    public StoppingPolicy defaultPolicy() {
        return defaultPolicy;
    }

    public Map<String, StoppingPolicy> overrides() {
        return bySearch;
    }
}
