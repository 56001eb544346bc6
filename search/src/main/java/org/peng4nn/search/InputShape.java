package org.peng4nn.search;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The shape of a dataset's examples, which a network's parameter count (the search's second objective)
 * depends on.
 *
 * @param channels image channels
 * @param height   image height in pixels
 * @param width    image width in pixels
 * @param classes  number of classes of the output layer
 */
public record InputShape(int channels, int height, int width, int classes) {

    // the datasets the trainers load (module trainers, not a dependency: it brings DL4J); sizes from their
    // file formats, and for the procedural one from org.peng4nn.datasets.SyntheticShapes
    private static final Map<String, InputShape> KNOWN = Map.of(
            "synthetic", new InputShape(1, 16, 16, 6),
            "fashion-mnist", new InputShape(1, 28, 28, 10),
            "cifar100", new InputShape(3, 32, 32, 100),
            "svhn", new InputShape(3, 32, 32, 10));

    public InputShape {
        if (channels < 1 || height < 1 || width < 1 || classes < 2) {
            throw new IllegalArgumentException("an input shape needs channels, height, width >= 1 and classes >= 2, got "
                    + channels + "x" + height + "x" + width + " with " + classes + " classes");
        }
    }

    /** The shape of a dataset the trainers know by name, if they know it. */
    public static Optional<InputShape> ofDataset(String dataset) {
        return Optional.ofNullable(KNOWN.get(dataset.toLowerCase(Locale.ROOT)));
    }

    /**
     * Reads {@code CxHxW} (e.g. {@code 1x28x28}) with a class count.
     *
     * @throws IllegalArgumentException naming the text when it is not three positive integers joined by 'x'
     */
    public static InputShape parse(String text, int classes) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("x", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("input shape '" + text + "': expected CHANNELSxHEIGHTxWIDTH, e.g. 1x28x28");
        }
        try {
            return new InputShape(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                    classes);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input shape '" + text + "': expected CHANNELSxHEIGHTxWIDTH, e.g. 1x28x28");
        }
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width + ", " + classes + " classes";
    }
}
