package org.peng4nn.events;

/** The contract's one rule for optional numbers: a value that is not finite is absent, written as null, never NaN. */
final class NullableDoubles {

    private NullableDoubles() {
    }

    static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
