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
        this.defaultPolicy = streamable(defaultPolicy);
        this.bySearch = Map.copyOf(bySearch);
        this.bySearch.values().forEach(SearchPolicies::streamable);
    }

    /**
     * The topology keeps state per model, so a policy that learns from the finished curves of its
     * search would run here without them (and, being a calibration run each time, never stop).
     */
    private static StoppingPolicy streamable(StoppingPolicy policy) {
        if (policy.populationCapacity() > 0) {
            throw new IllegalArgumentException("policy " + policy.name() + " learns from the finished curves of its "
                    + "search, which the streaming predictor does not keep yet; use it with evaluate or tune, "
                    + "or choose another policy");
        }
        return policy;
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
