package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.Decision;
import org.peng4nn.engine.policy.ModelState;

class ModelStateCodecProperties {

    @Provide
    Arbitrary<ModelState> states() {
        Arbitrary<Double> anyDouble = Arbitraries.oneOf(Arbitraries.doubles(),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
        Arbitrary<double[]> params = anyDouble.array(double[].class).ofMaxSize(6);
        Arbitrary<String> family = Arbitraries.of("peng4nn", "pow3", "mmf", "ünïcode family");
        Arbitrary<CurvePrediction> prediction = Combinators.combine(anyDouble, anyDouble, anyDouble, anyDouble, family, params)
                .as(CurvePrediction::new);
        Arbitrary<Curve> curve = Arbitraries.doubles().between(0, 100).list().ofMaxSize(30).map(acc -> {
            Curve c = Curve.EMPTY;
            for (int i = 0; i < acc.size(); i++) {
                c = c.with(0.5 * i, acc.get(i));
            }
            return c;
        });
        Arbitrary<Decision> decision = Arbitraries.oneOf(Arbitraries.just(Decision.CONTINUE),
                Combinators.combine(Arbitraries.of(Decision.Reason.class), anyDouble, anyDouble).as(Decision::stop));
        Arbitrary<Map<String, double[]>> warm = Arbitraries.maps(family, params).ofMaxSize(3)
                .map(m -> new TreeMap<>(m));
        return Combinators.combine(Arbitraries.doubles().between(0.5, 1000), Arbitraries.of(0.25, 0.5, 1.0), curve,
                prediction.list().ofMaxSize(40), decision, warm)
                .as((max, interval, c, h, d, w) -> new ModelState(max, interval, c, new ArrayList<>(h), d, w));
    }

    @Property(tries = 300)
    void decodeInvertsEncode(@ForAll("states") ModelState state) {
        ModelState back = ModelStateCodec.decode(ModelStateCodec.encode(state));
        assertThat(back).isEqualTo(state);
        List<CurvePrediction> h = back.history();
        for (int i = 0; i < h.size(); i++) {
            assertThat(h.get(i).parameters()).isEqualTo(state.history().get(i).parameters());
        }
    }
}
