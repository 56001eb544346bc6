package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.population.Population;
import org.peng4nn.engine.population.SearchState;
import org.peng4nn.predictor.SearchStateCodec.Finished;
import org.peng4nn.predictor.SearchStateCodec.Head;

/** The searches store's bytes: version 1 (a whole search) still reads; version 2 heads and finished records. */
class SearchStateCodecTest {

    /**
     * A version 1 record as builds before 2026-12-02 wrote it: 3 models started, capacity 2, fitness 80.5 and 70,
     * one kept 2-evaluation curve (50, 60).
     */
    static final String VERSION_1_BYTES = "01000000030000000200000002405420000000000040518000000000000000000100000002"
            + "000000014049000000000000404e000000000000";
    /** A head: 7 started, capacity 500, next finished record 4. */
    static final String HEAD_BYTES = "024800000007000001f400000004";
    /** A finished model with fitness 81.25 whose curve (40, 60, 81.25) joined its population. */
    static final String FINISHED_WITH_CURVE_BYTES = "0246034054500000000000000000034044000000000000404e0000000000004054500000000000";
    /** The same once its curve left the population: the fitness alone. */
    static final String FINISHED_FITNESS_BYTES = "0246014054500000000000";

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void readsAndWritesVersion1AsEarlierBuildsDid() {
        SearchState state = new SearchState(3, FinishedFitness.of(70.0, 80.5),
                Map.of(2, Population.empty(2, 2).with(new double[] {50, 60})), 2);
        byte[] bytes = HEX.parseHex(VERSION_1_BYTES);
        assertThat(SearchStateCodec.version(bytes)).isEqualTo(SearchStateCodec.VERSION);
        SearchState read = SearchStateCodec.decode(bytes);
        assertThat(read.started()).isEqualTo(3);
        assertThat(read.capacity()).isEqualTo(2);
        assertThat(read.finished()).isEqualTo(state.finished());
        assertThat(read.populations()).isEqualTo(state.populations());
        assertThat(HEX.formatHex(SearchStateCodec.encode(state))).isEqualTo(VERSION_1_BYTES);
    }

    @Test
    void headsAndFinishedRecordsKeepTheirLayout() {
        assertThat(HEX.formatHex(SearchStateCodec.encodeHead(new Head(7, 500, 4)))).isEqualTo(HEAD_BYTES);
        assertThat(SearchStateCodec.decodeHead(HEX.parseHex(HEAD_BYTES))).isEqualTo(new Head(7, 500, 4));

        Finished withCurve = new Finished(81.25, new double[] {40, 60, 81.25});
        assertThat(HEX.formatHex(SearchStateCodec.encodeFinished(withCurve))).isEqualTo(FINISHED_WITH_CURVE_BYTES);
        Finished read = SearchStateCodec.decodeFinished(HEX.parseHex(FINISHED_WITH_CURVE_BYTES));
        assertThat(read.fitness()).isEqualTo(81.25);
        assertThat(read.curve()).containsExactly(40, 60, 81.25);

        assertThat(HEX.formatHex(SearchStateCodec.encodeFinished(new Finished(81.25, null))))
                .isEqualTo(FINISHED_FITNESS_BYTES);
        Finished curveOnly = SearchStateCodec.decodeFinished(SearchStateCodec.encodeFinished(
                new Finished(Double.NaN, new double[] {1, 2})));
        assertThat(curveOnly.hasFitness()).isFalse();
        assertThat(curveOnly.curve()).containsExactly(1, 2);
        assertThat(SearchStateCodec.encodeHead(new Head(7, 500, 4))).hasSize(14);
        assertThat(SearchStateCodec.encodeFinished(new Finished(81.25, null))).as("a finish writes a few bytes")
                .hasSize(11);
    }

    @Test
    void refusesForeignOrDamagedBytes() {
        assertThatThrownBy(() -> SearchStateCodec.decodeHead(HEX.parseHex(FINISHED_FITNESS_BYTES)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("search head");
        assertThatThrownBy(() -> SearchStateCodec.decodeFinished(HEX.parseHex(HEAD_BYTES)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finished model");
        assertThatThrownBy(() -> SearchStateCodec.decodeHead(HEX.parseHex("09480000000700")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version 9");
        assertThatThrownBy(() -> SearchStateCodec.decodeFinished(HEX.parseHex("024602000000ff")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SearchStateCodec.decodeHead(HEX.parseHex(HEAD_BYTES + "00")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> SearchStateCodec.version(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
