package org.peng4nn.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyntheticShapesTest {

    @Test
    void isDeterministicInTheSeedAndBalanced() {
        LabeledImages a = SyntheticShapes.generate(60, 3);
        LabeledImages b = SyntheticShapes.generate(60, 3);
        LabeledImages c = SyntheticShapes.generate(60, 4);

        int differences = 0;
        for (int i = 0; i < a.size(); i++) {
            assertThat(b.label(i)).isEqualTo(a.label(i));
            for (int p = 0; p < a.shape().pixels(); p++) {
                assertThat(b.pixel(i, p)).isEqualTo(a.pixel(i, p));
                differences += c.pixel(i, p) != a.pixel(i, p) ? 1 : 0;
            }
        }
        assertThat(differences).as("another seed draws other images").isPositive();
        assertThat(a.classCounts(SyntheticShapes.CLASSES)).containsOnly(10);
    }

    @Test
    void isAnnouncedAsSyntheticAndSplit() {
        Dataset dataset = DatasetCatalogue.load("synthetic", null, SplitOptions.defaults().withLimit(120));

        assertThat(dataset.synthetic()).isTrue();
        assertThat(dataset.describe()).contains("SYNTHETIC");
        assertThat(dataset.train().size() + dataset.validation().size()).isEqualTo(120);
        assertThat(dataset.shape()).isEqualTo(SyntheticShapes.SHAPE);
    }

    @Test
    void classesDifferOnAverageNotJustByNoise() {
        // Mean image of horizontal bars vs vertical bars: the centre row should be brighter for horizontal ones.
        LabeledImages images = SyntheticShapes.generate(600, 1);
        double horizontalRow = 0;
        double verticalRow = 0;
        int side = SyntheticShapes.SIDE;
        for (int i = 0; i < images.size(); i++) {
            double row = 0;
            double column = 0;
            for (int k = 4; k < side - 4; k++) {
                row += images.pixel(i, (side / 2) * side + k);
                column += images.pixel(i, k * side + side / 2);
            }
            if (images.label(i) == 0) {
                horizontalRow += row - column;
            } else if (images.label(i) == 1) {
                verticalRow += row - column;
            }
        }
        assertThat(horizontalRow).isGreaterThan(0);
        assertThat(verticalRow).isLessThan(0);
    }
}
