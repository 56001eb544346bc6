package org.peng4nn.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.engine.policy.StoppingPolicy;
import picocli.CommandLine.Option;

/** Which stopping policy to run and its settings, shared by every command that runs one. */
final class PolicyOptions {

    @Option(names = "--policy", defaultValue = Policies.DEFAULT, paramLabel = "NAME",
            description = "Stopping policy: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.",
            completionCandidates = PolicyNames.class)
    String policy;

    @Option(names = "--threshold", paramLabel = "PP",
            description = "Convergence band: predictions within +/- PP percentage points of their median.")
    Double threshold;

    @Option(names = "--window", paramLabel = "N", description = "Number of recent predictions that must agree.")
    Integer window;

    @Option(names = "--c-min", paramLabel = "K", description = "No prediction before evaluation index K.")
    Integer cMin;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "Any other policy setting ('./peng4nn policies' lists each policy's keys and defaults).")
    Map<String, String> settings = new LinkedHashMap<>();

    Map<String, String> settings() {
        Map<String, String> all = new LinkedHashMap<>(settings);
        if (threshold != null) {
            all.put("threshold", threshold.toString());
        }
        if (window != null) {
            all.put("window", window.toString());
        }
        if (cMin != null) {
            all.put("c_min", cMin.toString());
        }
        return all;
    }

    StoppingPolicy build() throws BadInputException {
        try {
            return Policies.byName(policy, settings());
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    static final class PolicyNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Policies.names().iterator();
        }
    }
}
