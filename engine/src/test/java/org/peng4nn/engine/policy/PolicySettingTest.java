package org.peng4nn.engine.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.peng4nn.engine.curve.Pow3Family;

class PolicySettingTest {

    @Test
    void boundsReadAsPeopleWriteThem() {
        assertThat(EnsemblePolicy.THRESHOLD.type().bounds()).isEqualTo("(0, 100]");
        assertThat(EnsemblePolicy.PRUNE_TOP.type().bounds()).isEqualTo("[0, 1)");
        assertThat(PenguinPolicy.THRESHOLD.type().bounds()).isEqualTo(">= 0");
        assertThat(EnsemblePolicy.WINDOW.type().bounds()).isEqualTo("[1, 1000]");
        assertThat(EnsemblePolicy.NOISE_MULTIPLE.help()).endsWith("; 0 off — a number in [0, 1000]");
    }

    @Test
    void aBadValueNamesThePolicyTheSettingAndItsBounds() {
        assertThatThrownBy(() -> Policies.byName("ensemble", Map.of("threshold", "200")))
                .hasMessage("policy ensemble: setting threshold must be a number in (0, 100], got 200");
        assertThatThrownBy(() -> Policies.byName("ensemble", Map.of("threshold", "0")))
                .hasMessage("policy ensemble: setting threshold must be a number in (0, 100], got 0");
        assertThatThrownBy(() -> Policies.byName("penguin", Map.of("threshold", "lots")))
                .hasMessage("policy penguin: setting threshold must be a number >= 0, got 'lots'");
        assertThatThrownBy(() -> Policies.byName("penguin", Map.of("window", "2.5")))
                .hasMessage("policy penguin: setting window must be a whole number in [1, 1000], got '2.5'");
        assertThatThrownBy(() -> Policies.byName("penguin", Map.of("c_min", "Infinity")))
                .hasMessageContaining("c_min must be a number >= 0");
    }

    /** One declaration, one check: a config built in code meets the same bounds as one read from text. */
    @Test
    void configsBuiltInCodeMeetTheSameBounds() {
        EnsemblePolicy.Config d = EnsemblePolicy.Config.defaults();
        assertThatThrownBy(() -> new EnsemblePolicy.Config(d.families(), 200, d.window(), d.minFraction(),
                d.noiseMultiple(), d.spread(), d.levelWindow(), d.pruneTop()))
                .hasMessage("setting threshold must be a number in (0, 100], got 200");
        assertThatThrownBy(() -> new EnsemblePolicy.Config(List.of(Pow3Family.INSTANCE, Pow3Family.INSTANCE),
                d.threshold(), d.window(), d.minFraction(), d.noiseMultiple(), d.spread(), d.levelWindow(),
                d.pruneTop())).hasMessageContaining("setting families must be one or more distinct curve families");
        assertThatThrownBy(() -> new PenguinPolicy(0.5, 1_001, 3))
                .hasMessage("setting window must be a whole number in [1, 1000], got 1001");
        assertThat(Policies.byName("ensemble", Map.of("prune_top", "0.995"))).isInstanceOf(EnsemblePolicy.class);
    }

    @Test
    void defaultsAndTuneGridsComeFromTheDeclarations() {
        assertThat(PenguinPolicy.defaults().threshold()).isEqualTo(PenguinPolicy.THRESHOLD.defaultValue());
        assertThat(EnsemblePolicy.Config.defaults().threshold()).isEqualTo(EnsemblePolicy.THRESHOLD.defaultValue());
        assertThat(Policies.defaultGrid("penguin")).containsExactly(
                Map.entry("threshold", List.of("0.1", "0.25", "0.5", "0.75", "1", "1.5", "2")),
                Map.entry("window", List.of("2", "3", "4", "5")));
        assertThat(Policies.defaultGrid("ensemble")).containsOnlyKeys("threshold", "spread", "window");
        assertThat(Policies.defaultGrid("never")).isEmpty();
        assertThat(Policies.settings("ensemble")).extracting(PolicySetting::defaultText).containsExactly("0.5", "3",
                "2", "0.2", "0", "3", "peng4nn,pow3,mmf", "0");
    }
}
