package org.peng4nn.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.datasets.ImageShape;

class NetworkBuilderTest {

    private static final TrainingSettings SETTINGS = new TrainingSettings(1e-3, 8, 1, 1.0, 1);

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "conv3x8|dense0; 1; 16; 6",
            "conv3x16+max,conv5x32+skip,conv3x64+avg+skip|dense64; 3; 32; 100",
            "conv1x4+skip,conv7x4+max+skip,conv3x12+avg|dense10; 1; 28; 10",
            "conv5x8+max,conv5x8+max,conv5x8+max,conv5x8+max,conv5x8+max+skip|dense0; 3; 9; 10"})
    void networkHasExactlyTheParametersTheArchitectureCounts(String text, int channels, int side, int classes) {
        Architecture architecture = Architecture.parse(text);
        ImageShape shape = new ImageShape(channels, side, side);

        ComputationGraph network = NetworkBuilder.build(architecture, shape, classes, SETTINGS);

        assertThat(network.numParams()).isEqualTo(architecture.parameterCount(channels, side, side, classes));
        INDArray probabilities = network.outputSingle(false, Nd4j.rand(new int[] {2, channels, side, side}));
        assertThat(probabilities.shape()).containsExactly(2, classes);
        assertThat(probabilities.sumNumber().doubleValue()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-3));
    }
}
