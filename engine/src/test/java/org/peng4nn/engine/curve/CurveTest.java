package org.peng4nn.engine.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CurveTest {

    @Test
    void insertsPointsInEpochOrder() {
        Curve c = Curve.EMPTY.with(2, 70).with(0, 50).with(1, 60).with(3.5, 75);
        assertThat(c.epochs()).containsExactly(0, 1, 2, 3.5);
        assertThat(c.accuracies()).containsExactly(50, 60, 70, 75);
        assertThat(c.size()).isEqualTo(4);
        assertThat(c.lastEpoch()).isEqualTo(3.5);
        assertThat(c.lastAccuracy()).isEqualTo(75);
        assertThat(c.contains(1)).isTrue();
        assertThat(c.contains(1.5)).isFalse();
    }

    @Test
    void aKnownEpochReturnsTheSameCurve() {
        Curve c = Curve.EMPTY.with(0, 50).with(1, 60);
        assertThat(c.with(1, 99)).isSameAs(c);
    }

    @Test
    void isImmutable() {
        double[] e = {0, 1};
        double[] a = {50, 60};
        Curve c = new Curve(e, a);
        e[0] = 7;
        c.epochs()[1] = 9;
        c.accuracies()[0] = 1;
        assertThat(c.epochs()).containsExactly(0, 1);
        assertThat(c.accuracies()).containsExactly(50, 60);
        Curve before = c;
        c.with(2, 70);
        assertThat(c).isEqualTo(before).hasSameHashCodeAs(new Curve(new double[] {0, 1}, new double[] {50, 60}));
    }

    @Test
    void emptyCurveHasNoLastPoint() {
        assertThat(Curve.EMPTY.size()).isZero();
        assertThat(Curve.EMPTY.isEmpty()).isTrue();
        assertThat(Curve.EMPTY.lastEpoch()).isNaN();
        assertThat(Curve.EMPTY.lastAccuracy()).isNaN();
    }

    @Test
    void refusesInvalidPoints() {
        assertThatThrownBy(() -> Curve.EMPTY.with(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Curve.EMPTY.with(1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Curve(new double[] {1, 1}, new double[] {2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Curve(new double[] {1}, new double[] {2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
