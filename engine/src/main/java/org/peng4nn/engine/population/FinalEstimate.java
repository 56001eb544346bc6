package org.peng4nn.engine.population;

/**
 * A population model's estimate of one model's final accuracy, with a conformal interval.
 *
 * @param predicted the estimated final accuracy, in percent
 * @param lower     lower end of the interval at the population's nominal level
 * @param upper     upper end of that interval
 * @param curves    finished curves the estimate learned from
 */
public record FinalEstimate(double predicted, double lower, double upper, int curves) {

    /** Half the interval's width, in percentage points. */
    public double halfWidth() {
        return (upper - lower) / 2;
    }

    public boolean covers(double value) {
        return lower <= value && value <= upper;
    }
}
