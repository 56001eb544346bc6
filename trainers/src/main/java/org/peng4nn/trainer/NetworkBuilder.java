package org.peng4nn.trainer;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.MapSchedule;
import org.nd4j.linalg.schedule.ScheduleType;
import org.peng4nn.architecture.Architecture;
import org.peng4nn.architecture.ConvBlock;
import org.peng4nn.architecture.Pooling;
import org.peng4nn.datasets.ImageShape;

/**
 * Builds the DL4J network an {@link Architecture} describes, following the semantics documented there exactly
 * (so that {@code network.numParams() == architecture.parameterCount(...)}).
 */
public final class NetworkBuilder {

    static final String INPUT = "input";
    static final String OUTPUT = "output";

    private NetworkBuilder() {
    }

    /**
     * An initialised network for images of {@code shape} and {@code classes} classes, trained with Adam at the
     * settings' learning rate, cut at its milestones. The schedule counts the network's epochs, which
     * {@link Training} advances after each one.
     */
    public static ComputationGraph build(Architecture architecture, ImageShape shape, int classes,
            TrainingSettings settings) {
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .updater(settings.lrMilestones().isEmpty() ? new Adam(settings.learningRate())
                        : new Adam(learningRateSchedule(settings)))
                .weightInit(WeightInit.RELU)
                // Same mode pads convolutions and lets pooling round up, so no block can shrink a map to zero.
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(shape.height(), shape.width(), shape.channels()));
        String previous = INPUT;
        int channels = shape.channels();
        int index = 0;
        for (ConvBlock block : architecture.blocks()) {
            String conv = "b" + index + "_conv";
            graph.addLayer(conv, new ConvolutionLayer.Builder(block.kernel(), block.kernel())
                    .stride(1, 1).nOut(block.channels()).activation(Activation.RELU).build(), previous);
            String out = conv;
            if (block.skip()) {
                String shortcut = previous;
                if (block.needsProjection(channels)) {
                    shortcut = "b" + index + "_proj";
                    graph.addLayer(shortcut, new ConvolutionLayer.Builder(1, 1).stride(1, 1).nOut(block.channels())
                            .activation(Activation.IDENTITY).build(), previous);
                }
                out = "b" + index + "_add";
                graph.addVertex(out, new ElementWiseVertex(ElementWiseVertex.Op.Add), conv, shortcut);
            }
            if (block.pooling() != Pooling.NONE) {
                String pool = "b" + index + "_pool";
                graph.addLayer(pool, new SubsamplingLayer.Builder(
                        block.pooling() == Pooling.MAX ? PoolingType.MAX : PoolingType.AVG)
                        .kernelSize(2, 2).stride(2, 2).build(), out);
                out = pool;
            }
            previous = out;
            channels = block.channels();
            index++;
        }
        graph.addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), previous);
        previous = "gap";
        if (architecture.denseUnits() > 0) {
            graph.addLayer("dense", new DenseLayer.Builder().nOut(architecture.denseUnits())
                    .activation(Activation.RELU).build(), previous);
            previous = "dense";
        }
        graph.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(classes)
                .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build(), previous);
        graph.setOutputs(OUTPUT);
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }

    /** The stepped schedule of the settings: the rate of epoch 0, then the cut rate from each milestone on. */
    static ISchedule learningRateSchedule(TrainingSettings settings) {
        Map<Integer, Double> rates = new HashMap<>();
        rates.put(0, settings.learningRateAt(0));
        for (double milestone : settings.lrMilestones().epochs()) {
            int epoch = (int) milestone;
            rates.put(epoch, settings.learningRateAt(epoch));
        }
        return new MapSchedule(ScheduleType.EPOCH, rates);
    }
}
