package org.peng4nn.cli;

import java.nio.file.Path;
import java.util.Map;
import org.peng4nn.predictor.PredictorConfig;

/** How every command that runs a streaming predictor (predictor, demo, replay) builds its configuration. */
final class PredictorConfigLoader {

    private PredictorConfigLoader() {
    }

    /**
     * Defaults, {@code file} (may be null), the {@code PENG4NN_*} entries of {@code env}, then {@code overrides}
     * (the command's Kafka settings, then its flags); a bad key or value is the user's to fix.
     */
    static PredictorConfig load(Path file, Map<String, String> env, Map<String, String> overrides)
            throws BadInputException {
        try {
            return PredictorConfig.load(file, env, overrides);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    /** Under which the predictor's default state directory lives. */
    static Path home() {
        return Path.of(System.getProperty("user.home"));
    }
}
