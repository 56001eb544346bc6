package org.peng4nn.datasets;

import java.util.Random;

/**
 * A procedurally generated image dataset for runs without data files, announced as synthetic. Each class is a
 * shape, an orientation or a texture, drawn at a random position, size, angle jitter and contrast over a noisy,
 * cluttered background, so a small CNN needs several epochs to separate them (the classes are not noise: a perfect
 * classifier exists, but it must learn oriented edges, textures and closed outlines).
 *
 * <ol start="0">
 *   <li>horizontal bar</li>
 *   <li>vertical bar</li>
 *   <li>disk filled with horizontal stripes</li>
 *   <li>disk filled with vertical stripes</li>
 *   <li>ring (circle outline)</li>
 *   <li>square outline</li>
 * </ol>
 * Generation is deterministic in the seed: same seed, same images.
 */
public final class SyntheticShapes {

    /** Name on the command line. */
    public static final String NAME = "synthetic";
    /** Number of classes. */
    public static final int CLASSES = 6;
    /** Side of the square grey images. */
    public static final int SIDE = 16;
    /** Images generated when no limit is given: sized for ~1-3 s per epoch of a small CNN on two CPU cores. */
    public static final int DEFAULT_COUNT = 2400;
    /** Image shape: 1 channel of 16x16. */
    public static final ImageShape SHAPE = new ImageShape(1, SIDE, SIDE);

    private static final double NOISE = 0.22;

    private SyntheticShapes() {
    }

    /** Generates and splits the dataset; {@code options.limit()} (if set) replaces the default image count. */
    public static Dataset load(SplitOptions options) {
        int count = options.limit() > 0 ? options.limit() : DEFAULT_COUNT;
        return Dataset.split(NAME, true, CLASSES, generate(count, options.seed()), options);
    }

    /** {@code count} images with balanced labels (image i has class i mod 6), deterministic in {@code seed}. */
    public static LabeledImages generate(int count, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[count * SHAPE.pixels()];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % CLASSES;
            double[] image = render(labels[i], random);
            for (int p = 0; p < image.length; p++) {
                pixels[i * image.length + p] = (byte) Math.round(255 * Math.min(1, Math.max(0, image[p])));
            }
        }
        return new LabeledImages(SHAPE, pixels, labels);
    }

    /** One image of class {@code label}, values roughly in [0, 1] before clipping. */
    static double[] render(int label, Random random) {
        double[] image = new double[SIDE * SIDE];
        double background = 0.1 + 0.25 * random.nextDouble();
        double contrast = 0.35 + 0.5 * random.nextDouble();
        double cx = SIDE / 2.0 + (random.nextDouble() - 0.5) * 6;
        double cy = SIDE / 2.0 + (random.nextDouble() - 0.5) * 6;
        double jitter = Math.toRadians((random.nextDouble() - 0.5) * 40);
        double size = 3.5 + 2.5 * random.nextDouble();
        double thickness = 1.1 + 0.9 * random.nextDouble();
        double period = 2.6 + 1.2 * random.nextDouble();
        double phase = random.nextDouble() * 2 * Math.PI;
        boolean vertical = label == 1 || label == 3;
        double angle = jitter + (vertical ? Math.PI / 2 : 0);
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                // u runs along the shape's orientation, v across it.
                double dx = x + 0.5 - cx;
                double dy = y + 0.5 - cy;
                double u = dx * cos + dy * sin;
                double v = -dx * sin + dy * cos;
                double ink = switch (label) {
                    case 0, 1 -> coverage(thickness / 2 - Math.abs(v)) * coverage(size * 1.3 - Math.abs(u));
                    case 2, 3 -> coverage(size - Math.hypot(u, v))
                            * (0.5 + 0.5 * Math.sin(2 * Math.PI * v / period + phase));
                    case 4 -> coverage(thickness / 2 - Math.abs(Math.hypot(u, v) - size));
                    case 5 -> coverage(thickness / 2 - Math.abs(Math.max(Math.abs(u), Math.abs(v)) - size));
                    default -> throw new IllegalArgumentException("no class " + label);
                };
                image[y * SIDE + x] = background + contrast * ink + NOISE * random.nextGaussian();
            }
        }
        addClutter(image, random, contrast);
        return image;
    }

    /** A few small random blobs, so that "any bright pixel" is not a feature. */
    private static void addClutter(double[] image, Random random, double contrast) {
        int blobs = random.nextInt(4);
        for (int b = 0; b < blobs; b++) {
            int x = random.nextInt(SIDE - 1);
            int y = random.nextInt(SIDE - 1);
            double ink = contrast * (0.5 + 0.5 * random.nextDouble());
            image[y * SIDE + x] += ink;
            if (random.nextBoolean()) {
                image[y * SIDE + x + 1] += ink;
            } else {
                image[(y + 1) * SIDE + x] += ink;
            }
        }
    }

    /** Anti-aliased inside test: 1 deep inside (distance >= 0.5 px), 0 outside, linear across the edge. */
    private static double coverage(double signedDistance) {
        return Math.min(1, Math.max(0, signedDistance + 0.5));
    }
}
