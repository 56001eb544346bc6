package org.peng4nn.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CNN from the macro search space (in the spirit of NSGA-Net): a sequence of {@link ConvBlock}s, then a classifier.
 *
 * <p>Semantics, which the trainers' network builder and {@link #parameterCount} both follow exactly:
 * <ol>
 *   <li>each block: {@code kernel x kernel} convolution, same padding, stride 1, with bias, ReLU activation;</li>
 *   <li>if {@code skip}: the block input is added element-wise to the convolution output, directly when the channel
 *       counts are equal, otherwise through a 1x1 convolution projection with bias (identity activation);</li>
 *   <li>then the block's {@link Pooling} (2x2, stride 2, same padding);</li>
 *   <li>after the last block, global average pooling over the spatial dimensions, which keeps the classifier small
 *       and independent of the input size;</li>
 *   <li>if {@code denseUnits > 0}, a fully connected ReLU layer of that many units with bias;</li>
 *   <li>a softmax output layer of {@code classes} units with bias.</li>
 * </ol>
 * There is no batch normalisation and no dropout.
 *
 * <p>Text format (what {@link #toString()} writes and {@link #parse(String)} reads): blocks separated by
 * {@code ','}, each {@code conv<kernel>x<channels>[+max|+avg][+skip]}, then {@code |dense<units>}, e.g.
 * {@code conv3x16+max,conv5x32+skip,conv3x64+avg+skip|dense64}; {@code |dense0} goes straight to the softmax.
 *
 * @param blocks     the convolution blocks, at least one, in order from the input
 * @param denseUnits units of the hidden dense layer, 0 for none
 */
public record Architecture(List<ConvBlock> blocks, int denseUnits) {

    private static final Pattern BLOCK = Pattern.compile("conv(\\d{1,4})x(\\d{1,5})");
    private static final Pattern DENSE = Pattern.compile("dense(\\d{1,6})");

    /** Validates and copies the blocks. */
    public Architecture {
        Objects.requireNonNull(blocks, "blocks");
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("an architecture needs at least one convolution block");
        }
        blocks = List.copyOf(blocks);
        if (denseUnits < 0) {
            throw new IllegalArgumentException("denseUnits must be >= 0, got " + denseUnits);
        }
    }

    /**
     * Reads the text format described in the class documentation.
     *
     * @throws IllegalArgumentException naming the offending token and its 1-based character position
     */
    public static Architecture parse(String text) {
        Objects.requireNonNull(text, "text");
        int bar = text.indexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("architecture '" + text + "': missing '|dense<units>' at the end"
                    + " (e.g. 'conv3x16+max|dense0')");
        }
        List<ConvBlock> blocks = new ArrayList<>();
        int start = 0;
        for (String blockText : text.substring(0, bar).split(",", -1)) {
            blocks.add(parseBlock(text, blockText, start));
            start += blockText.length() + 1;
        }
        String denseText = text.substring(bar + 1);
        Matcher dense = DENSE.matcher(denseText);
        if (!dense.matches()) {
            throw bad(text, denseText, bar + 1, "expected 'dense<units>'");
        }
        return new Architecture(blocks, Integer.parseInt(dense.group(1)));
    }

    private static ConvBlock parseBlock(String text, String blockText, int offset) {
        String[] parts = blockText.split("\\+", -1);
        Matcher conv = BLOCK.matcher(parts[0]);
        if (!conv.matches()) {
            throw bad(text, parts[0], offset, "expected a block 'conv<kernel>x<channels>'");
        }
        Pooling pooling = Pooling.NONE;
        boolean skip = false;
        int position = offset + parts[0].length() + 1;
        for (int i = 1; i < parts.length; i++) {
            String option = parts[i];
            switch (option) {
                case "max", "avg" -> {
                    if (pooling != Pooling.NONE) {
                        throw bad(text, option, position, "pooling given twice in one block");
                    }
                    pooling = option.equals("max") ? Pooling.MAX : Pooling.AVG;
                }
                case "skip" -> {
                    if (skip) {
                        throw bad(text, option, position, "skip given twice in one block");
                    }
                    skip = true;
                }
                default -> throw bad(text, option, position, "expected 'max', 'avg' or 'skip' after '+'");
            }
            position += option.length() + 1;
        }
        try {
            return new ConvBlock(Integer.parseInt(conv.group(1)), Integer.parseInt(conv.group(2)), pooling, skip);
        } catch (IllegalArgumentException e) {
            throw bad(text, parts[0], offset, e.getMessage());
        }
    }

    private static IllegalArgumentException bad(String text, String token, int offset, String problem) {
        return new IllegalArgumentException("architecture '" + text + "': bad token '" + token + "' at position "
                + (offset + 1) + ": " + problem);
    }

    /** Canonical text: {@code parse(a.toString()).equals(a)}. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (ConvBlock block : blocks) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            text.append(block);
        }
        return text.append("|dense").append(denseUnits).toString();
    }

    /**
     * Trainable parameters of the network this architecture describes (weights and biases of every convolution,
     * projection, dense and output layer), equal to DL4J's {@code numParams()} of the built network. The input size
     * does not matter thanks to global average pooling but is validated, since a network needs one.
     */
    public long parameterCount(int inputChannels, int inputHeight, int inputWidth, int classes) {
        if (inputChannels < 1 || inputHeight < 1 || inputWidth < 1 || classes < 2) {
            throw new IllegalArgumentException("need inputChannels, inputHeight, inputWidth >= 1 and classes >= 2,"
                    + " got " + inputChannels + ", " + inputHeight + ", " + inputWidth + ", " + classes);
        }
        long count = 0;
        int channels = inputChannels;
        for (ConvBlock block : blocks) {
            count += block.parameterCount(channels);
            channels = block.channels();
        }
        if (denseUnits > 0) {
            count += (long) channels * denseUnits + denseUnits;
            channels = denseUnits;
        }
        return count + (long) channels * classes + classes;
    }
}
