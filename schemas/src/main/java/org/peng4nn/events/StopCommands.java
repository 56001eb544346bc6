package org.peng4nn.events;

import java.time.Instant;

/** The one way to make a {@link StopCommand}, so its optional prediction follows the contract's null rule. */
public final class StopCommands {

    private StopCommands() {
    }

    /**
     * Stop one run.
     *
     * @param atEpoch        0-based epoch of the last evaluation the decision is based on
     * @param predictedFinal predicted final accuracy in percent, NaN when the decision came without one
     */
    public static StopCommand stop(String searchId, String modelId, int run, StopReason reason, double atEpoch,
            double predictedFinal, Instant issuedAt) {
        return StopCommand.newBuilder()
                .setModelId(modelId)
                .setSearchId(searchId)
                .setRun(run)
                .setReason(reason)
                .setAtEpoch(atEpoch)
                .setPredictedFinal(NullableDoubles.finiteOrNull(predictedFinal))
                .setIssuedAt(issuedAt)
                .build();
    }
}
