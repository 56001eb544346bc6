package org.peng4nn.producers.bridge;

import org.peng4nn.events.StopCommand;

/**
 * What a bridge session did.
 *
 * @param published how many evaluations it published
 * @param lastEpoch the last published 0-based epoch, NaN when none
 * @param stop      the command that stopped the trainer, null unless {@link BridgeOutcome#STOPPED} or {@link BridgeOutcome#STOP_FAILED}
 */
public record BridgeResult(BridgeOutcome outcome, int published, double lastEpoch, StopCommand stop) {
}
