package org.peng4nn.engine.policy;

/**
 * Whether a model keeps training. A STOP is final: once a state's decision is STOP, policies return
 * that state unchanged.
 *
 * @param action  CONTINUE or STOP
 * @param reason  null for CONTINUE; why it stopped otherwise
 * @param atEpoch the latest epoch seen when it stopped (NaN for CONTINUE)
 * @param fitness the accuracy the NAS should use for the stopped model, in percent (NaN for CONTINUE)
 */
public record Decision(Action action, Reason reason, double atEpoch, double fitness) {

    /** Keep training. */
    public enum Action {
        CONTINUE,
        STOP
    }

    /** Why training stopped. */
    public enum Reason {
        /** The predictions stopped moving: the prediction is trusted as the final accuracy. */
        CONVERGED,
        /** The model cannot plausibly make the leaderboard (rank-aware policies). */
        PRUNED
    }

    /** Keep training. */
    public static final Decision CONTINUE = new Decision(Action.CONTINUE, null, Double.NaN, Double.NaN);

    public Decision {
        if (action == null) {
            throw new IllegalArgumentException("a decision needs an action");
        }
        if ((action == Action.STOP) != (reason != null)) {
            throw new IllegalArgumentException("a STOP needs a reason and a CONTINUE has none, got " + action + " "
                    + reason);
        }
    }

    public static Decision stop(Reason reason, double atEpoch, double fitness) {
        return new Decision(Action.STOP, reason, atEpoch, fitness);
    }

    public boolean stopped() {
        return action == Action.STOP;
    }
}
