package org.peng4nn.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The stopping policy of a streaming predictor the command runs (predictor, demo): unlike {@link PolicyOptions} no
 * default of its own, so the predictor's configuration (file, environment) decides unless a flag is given.
 */
final class PredictorPolicyOptions {

    private static final String POLICY = "predictor.policy";

    @Option(names = "--policy", paramLabel = "NAME",
            description = "Stopping policy of every search (predictor.policy; see ./peng4nn policies).")
    String policy;

    @Option(names = {"-s", "--set"}, paramLabel = "KEY=VALUE",
            description = "A setting of that policy, e.g. -s threshold=0.5 (predictor.policy.threshold; "
                    + "'./peng4nn policies' lists each policy's keys). Kafka settings go with -k.")
    Map<String, String> settings = new LinkedHashMap<>();

    /** As predictor configuration keys; {@code -s predictor.policy.threshold=0.5} is taken as {@code -s threshold=0.5}. */
    Map<String, String> overrides() throws BadInputException {
        Map<String, String> keys = new LinkedHashMap<>();
        if (policy != null) {
            keys.put(POLICY, policy);
        }
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            String key = setting.getKey().strip().replaceFirst("^predictor\\.policy\\.", "");
            if (key.contains(".")) {
                // policy keys have no dots: this is a Kafka, Streams or predictor key, which -s used to take
                throw new BadInputException("-s " + setting.getKey() + ": -s sets policy settings only ('./peng4nn "
                        + "policies' lists them); Kafka and Kafka Streams settings go with -k KEY=VALUE, other "
                        + "predictor settings in --config FILE");
            }
            keys.put(POLICY + "." + key, setting.getValue());
        }
        return keys;
    }
}
