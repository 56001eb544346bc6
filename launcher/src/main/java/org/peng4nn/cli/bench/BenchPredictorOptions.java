package org.peng4nn.cli.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.peng4nn.cli.BadInputException;
import org.peng4nn.engine.policy.Policies;
import org.peng4nn.predictor.PredictorConfig;
import picocli.CommandLine.Option;

/**
 * The options of the benches that run the streaming predictor ({@code bench stream}, {@code bench load}): its
 * policy and the policy's settings, further Kafka settings, and {@code --json}; and the one way they become the
 * predictor's configuration.
 */
final class BenchPredictorOptions {

    @Option(names = "--policy", defaultValue = Policies.DEFAULT, paramLabel = "NAME",
            description = "Stopping policy of the predictor. Default: ${DEFAULT-VALUE}.")
    String policy;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "A setting of the stopping policy, e.g. -s threshold=0.5 ('./peng4nn policies' lists them).")
    Map<String, String> policySettings = new LinkedHashMap<>();

    @Option(names = {"-k", "--kafka"}, paramLabel = "KEY=VALUE",
            description = "Further Kafka Streams or client setting of every predictor topology or instance the bench "
                    + "starts (repeatable), e.g. -k commit.interval.ms=50 -k producer.linger.ms=0.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--json", description = "Print one JSON object as the last line of stdout.")
    boolean json;

    /** The policy with its settings, refused with the reason when it does not exist or a setting does not fit. */
    void checkPolicy() throws BadInputException {
        try {
            Policies.byName(policy, policySettings);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** The predictor's configuration: the defaults, then -k, then the policy and its settings, then the bench's own. */
    PredictorConfig config(Map<String, String> benchSettings) throws BadInputException {
        Map<String, String> overrides = new LinkedHashMap<>(settings);
        overrides.put("predictor.policy", policy);
        policySettings.forEach((k, v) -> overrides.put("predictor.policy." + k, v));
        overrides.putAll(benchSettings);
        try {
            return PredictorConfig.load(null, Map.of(), overrides);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }
}
