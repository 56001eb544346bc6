package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.curve.Curve;
import org.peng4nn.engine.policy.CurvePrediction;
import org.peng4nn.engine.policy.Decision;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;
import org.peng4nn.engine.policy.PenguinPolicy;

class ModelStateCodecTest {

    /**
     * {@link #everyKindOfValue()} as the codec of earlier builds wrote it (through DataOutputStream):
     * state stores and changelogs written then must still read, and records written now must read there.
     */
    static final String EARLIER_BUILD_BYTES = "0140490000000000003fe0000000000000000000033fe00000000000003ff00000000000003ff8000000000000402400"
            + "000000000080000000000000004058f000000000000003000770656e67346e6e000877c3ab6962756c6c0004706f7733"
            + "000000033ff00000000000007ff00000000000007ff80000000000007ff80000000000000000003ff800000000000040"
            + "56d0000000000040568000000000007ff800000000000000000340570000000000003ff8000000000000402000000000"
            + "00003ff8000000000000c008000000000000fff000000000000040100000000000000001043ff0000000000000400000"
            + "00000000004008000000000000401000000000000001023ff80000000000004053600000000000000200020340140000"
            + "000000004018000000000000401c0000000000000001043ff00000000000004000000000000000400800000000000040"
            + "10000000000000";

    /** -0.0, infinities, a NaN with a payload (stored as the canonical NaN), a non-ASCII family name. */
    static ModelState everyKindOfValue() {
        double oddNan = Double.longBitsToDouble(0xfff8000000000001L);
        return new ModelState(50, 0.5, new Curve(new double[] {0.5, 1, 1.5}, new double[] {10, -0.0, 99.75}),
                List.of(CurvePrediction.none(1, "peng4nn"),
                        new CurvePrediction(1.5, 91.25, 90, oddNan, "peng4nn", new double[] {92, 1.5, 8}),
                        new CurvePrediction(1.5, -3, Double.NEGATIVE_INFINITY, 4, "w\u00ebibull", new double[] {1, 2, 3, 4})),
                Decision.stop(Decision.Reason.PRUNED, 1.5, 77.5),
                new TreeMap<>(Map.of("w\u00ebibull", new double[] {1, 2, 3, 4}, "pow3", new double[] {5, 6, 7})));
    }

    @Test
    void keepsTheByteLayoutOfEarlierBuilds() {
        ModelState s = everyKindOfValue();
        assertThat(HexFormat.of().formatHex(ModelStateCodec.encode(s))).isEqualTo(EARLIER_BUILD_BYTES);
        assertThat(ModelStateCodec.decode(HexFormat.of().parseHex(EARLIER_BUILD_BYTES))).isEqualTo(s);
    }

    @Test
    void roundTripsAFreshState() {
        ModelState s = ModelState.start(25, 1);
        assertThat(ModelStateCodec.decode(ModelStateCodec.encode(s))).isEqualTo(s);
    }

    @Test
    void roundTripsEverything() {
        ModelState s = new ModelState(50, 0.5, new Curve(new double[] {0.5, 1, 1.5}, new double[] {10, -0.0, 99.75}),
                List.of(CurvePrediction.none(1, "peng4nn"),
                        new CurvePrediction(1.5, 91.25, 90, Double.NaN, "peng4nn", new double[] {92, 1.5, 8}),
                        new CurvePrediction(1.5, -3, Double.NEGATIVE_INFINITY, 4, "weibull", new double[] {1, 2, 3, 4})),
                Decision.stop(Decision.Reason.PRUNED, 1.5, 77.5),
                Map.of("weibull", new double[] {1, 2, 3, 4}, "pow3", new double[] {5, 6, 7}));
        byte[] bytes = ModelStateCodec.encode(s);
        ModelState back = ModelStateCodec.decode(bytes);
        assertThat(back).isEqualTo(s).hasSameHashCodeAs(s);
        assertThat(Double.doubleToRawLongBits(back.curve().accuracy(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(back.warmStart("pow3")).containsExactly(5, 6, 7);
        assertThat(bytes[0]).isEqualTo(ModelStateCodec.VERSION);
    }

    @Test
    void aPenguinRunRoundTripsAtEveryStepAndStaysSmall() {
        PenguinPolicy policy = PenguinPolicy.defaults();
        ModelState s = policy.start(25, 1);
        for (int e = 0; e < 25; e++) {
            s = policy.observe(s, e, 90 - 40 * Math.exp(-0.3 * e) + (e % 2) * 0.7, FinishedFitness.EMPTY);
            byte[] bytes = ModelStateCodec.encode(s);
            assertThat(ModelStateCodec.decode(bytes)).isEqualTo(s);
            assertThat(bytes.length).isLessThan(2_500);
        }
    }

    @Test
    void refusesForeignOrDamagedBytes() {
        byte[] good = ModelStateCodec.encode(ModelState.start(25, 1).withCurve(Curve.EMPTY.with(0, 50)));
        assertThatThrownBy(() -> ModelStateCodec.decode(new byte[0])).isInstanceOf(IllegalArgumentException.class);
        byte[] otherVersion = good.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> ModelStateCodec.decode(otherVersion)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 9");
        assertThatThrownBy(() -> ModelStateCodec.decode(Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ModelStateCodec.decode(Arrays.copyOf(good, good.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
        byte[] hugeCount = good.clone();
        hugeCount[17] = 0x7f; // the curve's point count
        assertThatThrownBy(() -> ModelStateCodec.decode(hugeCount)).isInstanceOf(IllegalArgumentException.class);
    }
}
