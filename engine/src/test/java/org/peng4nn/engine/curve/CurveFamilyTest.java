package org.peng4nn.engine.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CurveFamilyTest {

    static Stream<CurveFamily> families() {
        return CurveFamilies.ALL.stream();
    }

    /** A random parameter vector well inside the box (finite stand-ins for infinite bounds). */
    static double[] randomInside(CurveFamily f, Random rnd) {
        double[] p = new double[f.parameterCount()];
        for (int j = 0; j < p.length; j++) {
            double lo = Double.isFinite(f.lowerBound(j)) ? f.lowerBound(j) : -5;
            double hi = Double.isFinite(f.upperBound(j)) ? f.upperBound(j) : lo + 5;
            p[j] = lo + (hi - lo) * (0.02 + 0.96 * rnd.nextDouble());
        }
        return p;
    }

    @ParameterizedTest
    @MethodSource("families")
    void analyticJacobianMatchesCentralDifferences(CurveFamily f) {
        Random rnd = new Random(42);
        int n = f.parameterCount();
        double[] row = new double[n];
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            double[] p = randomInside(f, rnd);
            double x = rnd.nextInt(30) + (trial % 3 == 0 ? 0.5 : 0.0);
            double v = f.value(x, p);
            if (!Double.isFinite(v) || Math.abs(v) > 1e6) {
                continue; // overflowed powers say nothing about the derivative
            }
            f.jacobian(x, p, row);
            for (int j = 0; j < n; j++) {
                double h = 1e-6 * Math.max(1.0, Math.abs(p[j]));
                double[] plus = p.clone();
                double[] minus = p.clone();
                plus[j] += h;
                minus[j] -= h;
                double numeric = (f.value(x, plus) - f.value(x, minus)) / (2 * h);
                assertThat(row[j])
                        .as("%s d/d%s at x=%s p=%s", f.name(), f.parameterNames().get(j), x, java.util.Arrays.toString(p))
                        .isCloseTo(numeric, org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(numeric)) + 1e-6));
            }
            checked++;
        }
        assertThat(checked).isGreaterThan(100);
    }

    /** The fitter uses the array forms; policies, covariances and tests the pointwise ones: same numbers. */
    @ParameterizedTest
    @MethodSource("families")
    void arrayFormsGiveExactlyThePointwiseNumbers(CurveFamily f) {
        Random rnd = new Random(11);
        int n = f.parameterCount();
        int m = 25;
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = i * (rnd.nextBoolean() ? 1.0 : 0.5);
        }
        double[] values = new double[m];
        double[] jac = new double[m * n];
        double[] row = new double[n];
        for (int trial = 0; trial < 200; trial++) {
            double[] p = randomInside(f, rnd);
            f.values(x, m, p, values);
            f.jacobian(x, m, p, jac);
            for (int i = 0; i < m; i++) {
                assertThat(values[i]).as("%s at x=%s", f.name(), x[i]).isEqualTo(f.value(x[i], p));
                f.jacobian(x[i], p, row);
                for (int j = 0; j < n; j++) {
                    assertThat(jac[i * n + j]).as("%s d/d%s at x=%s", f.name(), f.parameterNames().get(j), x[i])
                            .isEqualTo(row[j]);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("families")
    void valuesStayInTheDeclaredRange(CurveFamily f) {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 2000; trial++) {
            double[] p = randomInside(f, rnd);
            double v = f.value(rnd.nextInt(100), p);
            if (Double.isFinite(v)) {
                assertThat(v).isBetween(f.infimum(), f.supremum());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("families")
    void startValuesAreStrictlyInsideTheBoundsEvenForOddData(CurveFamily f) {
        double[][] ys = {
            {50, 60, 65, 68, 69},
            {70, 70, 70, 70, 70},
            {90, 80, 70, 60, 50},
            {10, 95, 11, 96, 12},
            {0, 0, 0, 0, 0},
            {250, -40, 1e6, -1e6, 3},
            {42},
        };
        double[] x = {0, 1, 2, 3, 4};
        for (double[] y : ys) {
            double[] p = f.startValues(x, y, y.length);
            assertThat(p).hasSize(f.parameterCount());
            for (int j = 0; j < p.length; j++) {
                assertThat(p[j]).isFinite().isGreaterThan(f.lowerBound(j)).isLessThan(f.upperBound(j));
            }
        }
        assertThat(f.startValues(x, new double[0], 0)).hasSize(f.parameterCount());
    }

    @Test
    void peng4nnIsTheAsymptoticExponential() {
        CurveFamily f = Peng4nnFamily.INSTANCE;
        double[] p = {90, 2, 5};
        assertThat(f.value(5, p)).isEqualTo(89.0);
        assertThat(f.value(6, p)).isEqualTo(89.5);
        assertThat(Peng4nnFamily.INSTANCE.scipyStart()).containsExactly(100.25, 2, 1);
    }

    @Test
    void literatureFamiliesShiftToOneBasedEpochs() {
        // pow3 at x = 0 is c - a·1^-α: finite, thanks to t = x + 1
        assertThat(Pow3Family.INSTANCE.value(0, new double[] {90, 40, 0.7})).isEqualTo(50.0);
        assertThat(LogPowerFamily.INSTANCE.value(0, new double[] {90, 1, -2})).isFinite();
    }

    @Test
    void familiesAreFoundByName() {
        for (CurveFamily f : CurveFamilies.ALL) {
            assertThat(CurveFamilies.byName(f.name())).isSameAs(f);
        }
        assertThat(CurveFamilies.names()).contains("peng4nn", "pow3", "weibull", "mmf", "janoschek", "logpower");
        assertThatThrownBy(() -> CurveFamilies.byName("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("peng4nn");
    }
}
