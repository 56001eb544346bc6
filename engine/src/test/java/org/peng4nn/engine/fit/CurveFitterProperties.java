package org.peng4nn.engine.fit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.peng4nn.engine.curve.CurveFamilies;
import org.peng4nn.engine.curve.CurveFamily;
import org.peng4nn.engine.curve.Peng4nnFamily;

class CurveFitterProperties {

    @Provide
    Arbitrary<double[]> accuracies() {
        Arbitrary<Double> any = Arbitraries.doubles().between(-1e4, 1e4);
        Arbitrary<Double> percent = Arbitraries.doubles().between(0, 100);
        Arbitrary<double[]> random = Arbitraries.oneOf(any, percent).array(double[].class).ofMinSize(2).ofMaxSize(40);
        Arbitrary<double[]> constant = Combinators.combine(percent, Arbitraries.integers().between(2, 30))
                .as((v, n) -> java.util.stream.DoubleStream.generate(() -> v).limit(n).toArray());
        Arbitrary<double[]> decreasing = Arbitraries.integers().between(2, 30)
                .map(n -> java.util.stream.IntStream.range(0, n).mapToDouble(i -> 90 - 3 * i).toArray());
        Arbitrary<double[]> spiky = Combinators.combine(Arbitraries.integers().between(2, 30),
                Arbitraries.doubles().between(-500, 500)).as((n, spike) -> {
                    double[] y = java.util.stream.IntStream.range(0, n).mapToDouble(i -> 90 - 40 * Math.exp(-0.4 * i)).toArray();
                    y[n / 2] += spike;
                    return y;
                });
        return Arbitraries.oneOf(random, constant, decreasing, spiky);
    }

    @Provide
    Arbitrary<CurveFamily> families() {
        return Arbitraries.of(CurveFamilies.ALL);
    }

    @Provide
    Arbitrary<FitOptions> options() {
        return Arbitraries.of(List.of(FitOptions.DEFAULT, FitOptions.DEFAULT.withSolver(FitSolver.COMMONS_MATH),
                FitOptions.robust(Loss.HUBER, Double.NaN), FitOptions.robust(Loss.SOFT_L1, 1.0)));
    }

    @Property(tries = 300)
    void fittingNeverThrowsOnFiniteInput(@ForAll("families") CurveFamily family, @ForAll("accuracies") double[] y,
            @ForAll("options") FitOptions options) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        CurveFit fit = new CurveFitter(family, options).fit(x, y, y.length, null);
        double[] p = fit.parameters();
        assertThat(p).hasSize(family.parameterCount());
        for (int j = 0; j < p.length; j++) {
            assertThat(p[j]).isBetween(family.lowerBound(j), family.upperBound(j));
        }
        assertThat(fit.points()).isEqualTo(y.length);
    }

    @Property(tries = 200)
    void scipyTrfNeverThrowsAndStaysFeasible(@ForAll("accuracies") double[] y, @ForAll @IntRange(min = 0, max = 1) int mode) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        TrustRegionReflective trf = new TrustRegionReflective(Peng4nnFamily.INSTANCE,
                TrustRegionReflective.Jacobian.values()[mode], 0);
        CurveFit fit = trf.fit(x, y, y.length, Peng4nnFamily.INSTANCE.scipyStart());
        double[] p = fit.parameters();
        for (int j = 0; j < p.length; j++) {
            assertThat(p[j]).isBetween(Peng4nnFamily.INSTANCE.lowerBound(j), Peng4nnFamily.INSTANCE.upperBound(j));
        }
        assertThat(fit.evaluations()).isBetween(1, 300);
    }
}
