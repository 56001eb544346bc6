package org.peng4nn.engine.policy;

import java.util.Arrays;

/**
 * What a policy predicted after one observation: the accuracy the model would reach at
 * {@code max_epochs}.
 *
 * @param epoch          the latest epoch of the curve the prediction was made from
 * @param predictedFinal predicted final accuracy in percent; {@code +Infinity} when there is no
 *                       prediction (the fit failed, as PENGUIN records it); NaN is normalised to
 *                       {@code +Infinity}
 * @param lower          lower end of the policy's interval for the final accuracy, NaN when unknown
 * @param upper          upper end of that interval, NaN when unknown
 * @param family         name of the curve family behind the prediction (see
 *                       {@link org.peng4nn.engine.curve.CurveFamilies}), never null
 * @param parameters     the fitted parameters of that family; empty without a fit
 */
public record CurvePrediction(double epoch, double predictedFinal, double lower, double upper, String family,
        double[] parameters) {

    public CurvePrediction {
        if (family == null) {
            throw new IllegalArgumentException("a prediction names its curve family");
        }
        predictedFinal = Double.isNaN(predictedFinal) ? Double.POSITIVE_INFINITY : predictedFinal;
        parameters = parameters == null ? new double[0] : parameters.clone();
    }

    /** "No prediction" after the curve reached {@code epoch}: the fit of {@code family} failed. */
    public static CurvePrediction none(double epoch, String family) {
        return new CurvePrediction(epoch, Double.POSITIVE_INFINITY, Double.NaN, Double.NaN, family, new double[0]);
    }

    /** Whether this is an actual prediction (finite), not "none". */
    public boolean hasValue() {
        return Double.isFinite(predictedFinal);
    }

    @Override
    public double[] parameters() {
        return parameters.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CurvePrediction p && Double.compare(epoch, p.epoch) == 0
                && Double.compare(predictedFinal, p.predictedFinal) == 0 && Double.compare(lower, p.lower) == 0
                && Double.compare(upper, p.upper) == 0 && family.equals(p.family)
                && Arrays.equals(parameters, p.parameters);
    }

    @Override
    public int hashCode() {
        int h = Double.hashCode(epoch);
        h = 31 * h + Double.hashCode(predictedFinal);
        h = 31 * h + Double.hashCode(lower);
        h = 31 * h + Double.hashCode(upper);
        h = 31 * h + family.hashCode();
        return 31 * h + Arrays.hashCode(parameters);
    }

    @Override
    public String toString() {
        return "Prediction[epoch=" + epoch + ", predictedFinal=" + predictedFinal + ", lower=" + lower + ", upper="
                + upper + ", family=" + family + ", parameters=" + Arrays.toString(parameters) + "]";
    }
}
