package org.peng4nn.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArchitectureTest {

    @Test
    void parsesTheExampleFromTheDocumentation() {
        Architecture architecture = Architecture.parse("conv3x16+max,conv5x32+skip,conv3x64+avg+skip|dense64");

        assertThat(architecture.blocks()).containsExactly(
                new ConvBlock(3, 16, Pooling.MAX, false),
                new ConvBlock(5, 32, Pooling.NONE, true),
                new ConvBlock(3, 64, Pooling.AVG, true));
        assertThat(architecture.denseUnits()).isEqualTo(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"conv1x1|dense0", "conv3x16+max,conv5x32+skip,conv3x64+avg+skip|dense64",
            "conv7x1024+avg+skip,conv3x8|dense10"})
    void roundTripsCanonicalText(String text) {
        Architecture architecture = Architecture.parse(text);

        assertThat(architecture.toString()).isEqualTo(text);
        assertThat(Architecture.parse(architecture.toString())).isEqualTo(architecture);
    }

    @Test
    void acceptsOptionsInEitherOrderAndWritesThemCanonically() {
        assertThat(Architecture.parse("conv3x8+skip+max|dense0")).hasToString("conv3x8+max+skip|dense0");
    }

    @Test
    void errorsNameTheTokenAndItsPosition() {
        assertThatThrownBy(() -> Architecture.parse("conv3x16,conv4x8|dense0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'conv4x8' at position 10")
                .hasMessageContaining("kernel must be odd");
        assertThatThrownBy(() -> Architecture.parse("conv3x16+mix|dense0"))
                .hasMessageContaining("'mix' at position 10");
        assertThatThrownBy(() -> Architecture.parse("conv3x16,,conv3x8|dense0"))
                .hasMessageContaining("'' at position 10");
        assertThatThrownBy(() -> Architecture.parse("conv3x16|dens4"))
                .hasMessageContaining("'dens4' at position 10");
        assertThatThrownBy(() -> Architecture.parse("conv3x16+max+avg|dense0"))
                .hasMessageContaining("'avg' at position 14").hasMessageContaining("pooling given twice");
        assertThatThrownBy(() -> Architecture.parse("conv3x2000|dense0"))
                .hasMessageContaining("channels must be 1..1024");
        assertThatThrownBy(() -> Architecture.parse("conv3x16"))
                .hasMessageContaining("missing '|dense<units>'");
    }

    @Test
    void rejectsEmptyOrNegativeArchitectures() {
        assertThatThrownBy(() -> new Architecture(List.of(), 0)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> new Architecture(List.of(new ConvBlock(3, 4, Pooling.NONE, false)), -1))
                .hasMessageContaining("denseUnits");
    }

    @Test
    void countsParametersByHand() {
        // conv3x4 on 1 channel: 3*3*1*4 weights + 4 biases = 40.
        // conv1x8+skip from 4 channels: 1*1*4*8 + 8 = 40, projection 4*8 + 8 = 40.
        // conv3x8+skip from 8 channels: 3*3*8*8 + 8 = 584, identity skip adds nothing.
        // dense5 from 8: 8*5 + 5 = 45.  Output 3 classes from 5: 5*3 + 3 = 18.
        Architecture architecture = Architecture.parse("conv3x4+max,conv1x8+skip,conv3x8+avg+skip|dense5");

        assertThat(architecture.parameterCount(1, 16, 16, 3)).isEqualTo(40 + 40 + 40 + 584 + 45 + 18);
        assertThat(architecture.parameterCount(1, 32, 32, 3))
                .as("global average pooling makes the count independent of the image size")
                .isEqualTo(architecture.parameterCount(1, 16, 16, 3));
        // Without a dense layer the output reads the last block's 8 channels: 8*3 + 3 = 27.
        assertThat(new Architecture(architecture.blocks(), 0).parameterCount(1, 16, 16, 3))
                .isEqualTo(40 + 40 + 40 + 584 + 27);
    }
}
