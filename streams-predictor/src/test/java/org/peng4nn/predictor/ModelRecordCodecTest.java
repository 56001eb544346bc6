package org.peng4nn.predictor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.evaluation.LabeledCurve;
import org.peng4nn.engine.policy.EnsemblePolicy;
import org.peng4nn.engine.policy.FinishedFitness;
import org.peng4nn.engine.policy.ModelState;

class ModelRecordCodecTest {

    /**
     * {@link #record(ModelState)} of ModelStateCodecTest's state of every kind of value, as the
     * DataOutputStream-based codec of earlier builds wrote it: a changelog written then must still restore.
     */
    private static final String EARLIER_BUILD_BYTES = "0100097365617263682dc3bc00076d6f64656c2d3700000002000000190008656e73656d626c6501000000030000018b"
            + "cfe568000000018bcfe569f4000001570140490000000000003fe0000000000000000000033fe00000000000003ff000"
            + "00000000003ff8000000000000402400000000000080000000000000004058f000000000000003000770656e67346e6e"
            + "000877c3ab6962756c6c0004706f7733000000033ff00000000000007ff00000000000007ff80000000000007ff80000"
            + "000000000000003ff80000000000004056d0000000000040568000000000007ff8000000000000000003405700000000"
            + "00003ff800000000000040200000000000003ff8000000000000c008000000000000fff0000000000000401000000000"
            + "00000001043ff000000000000040000000000000004008000000000000401000000000000001023ff800000000000040"
            + "53600000000000000200020340140000000000004018000000000000401c0000000000000001043ff000000000000040"
            + "0000000000000040080000000000004010000000000000";

    private static ModelRecord record(ModelState state) {
        return record(state, 41);
    }

    private static ModelRecord record(ModelState state, int ordinal) {
        return new ModelRecord("search-\u00fc", "model-7", 2, ordinal, 25, "ensemble", ModelStatus.STOPPED, state, 3,
                1_700_000_000_000L, 1_700_000_000_500L);
    }

    @Test
    void keepsTheByteLayoutOfEarlierBuilds() {
        // the nested state starts after 64 bytes: version, two ids, run, max epochs, policy, status, ignored, two
        // times and the state's length
        ModelState state = ModelStateCodec.decode(HexFormat.of().parseHex(EARLIER_BUILD_BYTES.substring(2 * 64)));
        // version 1 had no ordinal: it restores as a model its policy did not count
        assertThat(ModelRecordCodec.decode(HexFormat.of().parseHex(EARLIER_BUILD_BYTES)))
                .isEqualTo(record(state, ModelRecord.NO_ORDINAL));
        // version 2 is version 1 with the ordinal after the state
        String current = "02" + EARLIER_BUILD_BYTES.substring(2) + "00000029";
        assertThat(HexFormat.of().formatHex(ModelRecordCodec.encode(record(state)))).isEqualTo(current);
        assertThat(ModelRecordCodec.decode(HexFormat.of().parseHex(current))).isEqualTo(record(state));
    }

    /** The default policy's states, from the first point to the stop, prediction history included. */
    @Test
    void roundTripsTheRecordOfEveryEnsembleStepOfARealCurve() {
        EnsemblePolicy policy = EnsemblePolicy.defaults();
        LabeledCurve curve = A4nnLabeledCurves.load().get(7);
        ModelState s = policy.start(curve.size(), curve.interval());
        for (int i = 0; i < curve.size() && !s.decision().stopped(); i++) {
            s = policy.observe(s, curve.epochs()[i], curve.accuracies()[i], FinishedFitness.EMPTY);
            ModelRecord r = record(s);
            assertThat(ModelRecordCodec.decode(ModelRecordCodec.encode(r))).isEqualTo(r);
        }
        assertThat(s.history()).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void refusesDamagedBytesWithAnIllegalArgument() {
        byte[] good = ModelRecordCodec.encode(record(ModelState.start(25, 1)));
        assertThatThrownBy(() -> ModelRecordCodec.decode(Arrays.copyOf(good, good.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated model record");
        assertThatThrownBy(() -> ModelRecordCodec.decode(Arrays.copyOf(good, 20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated model record");
        byte[] shortState = Arrays.copyOf(good, good.length - 1);
        shortState[63]--; // the nested state's length, last byte: the record is whole, the state is not
        assertThatThrownBy(() -> ModelRecordCodec.decode(shortState))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated model state");
        assertThatThrownBy(() -> ModelRecordCodec.decode(Arrays.copyOf(good, good.length + 2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("trailing");
        byte[] badStatus = good.clone();
        badStatus[1 + (2 + 9) + (2 + 7) + 4 + 4 + (2 + 8)] = 9; // after version, ids, run, max epochs and policy
        assertThatThrownBy(() -> ModelRecordCodec.decode(badStatus))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status code 9");
    }
}
