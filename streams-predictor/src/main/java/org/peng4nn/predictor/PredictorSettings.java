package org.peng4nn.predictor;

import java.time.Duration;
import org.peng4nn.topics.TopicCatalogue;

/**
 * What the topology needs to know, read from {@link PredictorConfig}.
 *
 * @param idleTimeout models without an event for this long are removed from the store
 * @param expiryScan  how often the store is scanned for idle models (wall-clock time)
 */
public record PredictorSettings(TopicCatalogue topics, SearchPolicies policies, Duration idleTimeout,
        Duration expiryScan) {

    public PredictorSettings {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || expiryScan.isNegative() || expiryScan.isZero()) {
            throw new IllegalArgumentException("idle timeout and expiry scan interval must be positive");
        }
    }
}
