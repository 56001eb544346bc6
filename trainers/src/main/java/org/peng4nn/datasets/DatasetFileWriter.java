package org.peng4nn.datasets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;

/**
 * Writes images in the on-disk formats the loaders read, so that benchmarks and demos can exercise the real loading
 * path without the real (never downloaded) files. The images must have the format's shape.
 */
public final class DatasetFileWriter {

    private DatasetFileWriter() {
    }

    /** Gzipped Fashion-MNIST training files (IDX) in {@code dir}; images must be 1 channel. */
    public static void writeFashionMnist(Path dir, LabeledImages images) throws IOException {
        ImageShape shape = images.shape();
        require(shape.channels() == 1, "Fashion-MNIST images have 1 channel, got " + shape);
        int n = images.size();
        ByteBuffer pixels = ByteBuffer.allocate(16 + n * shape.pixels());
        pixels.putInt(0x0803).putInt(n).putInt(shape.height()).putInt(shape.width());
        ByteBuffer labels = ByteBuffer.allocate(8 + n);
        labels.putInt(0x0801).putInt(n);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < shape.pixels(); p++) {
                pixels.put((byte) images.pixel(i, p));
            }
            labels.put((byte) images.label(i));
        }
        Files.createDirectories(dir);
        gzip(dir.resolve(FashionMnist.IMAGES_FILE + ".gz"), pixels.array());
        gzip(dir.resolve(FashionMnist.LABELS_FILE + ".gz"), labels.array());
    }

    /** {@code cifar-100-binary/train.bin} in {@code dir} (coarse label written as 0); images must be 3x32x32. */
    public static void writeCifar100(Path dir, LabeledImages images) throws IOException {
        require(images.shape().equals(Cifar100.SHAPE), "CIFAR-100 images are " + Cifar100.SHAPE);
        byte[] bytes = new byte[images.size() * Cifar100.RECORD_BYTES];
        for (int i = 0; i < images.size(); i++) {
            int offset = i * Cifar100.RECORD_BYTES;
            bytes[offset + 1] = (byte) images.label(i);
            for (int p = 0; p < Cifar100.SHAPE.pixels(); p++) {
                bytes[offset + 2 + p] = (byte) images.pixel(i, p);
            }
        }
        Path folder = Files.createDirectories(dir.resolve("cifar-100-binary"));
        Files.write(folder.resolve("train.bin"), bytes);
    }

    /** SVHN {@code train_32x32.mat} in {@code dir}, column-major like MATLAB; images must be 3x32x32. */
    public static void writeSvhn(Path dir, LabeledImages images) throws IOException {
        require(images.shape().equals(Svhn.SHAPE), "SVHN images are " + Svhn.SHAPE);
        int n = images.size();
        Matrix x = Mat5.newMatrix(new int[] {32, 32, 3, n}, MatlabType.UInt8);
        Matrix y = Mat5.newMatrix(n, 1);
        for (int i = 0; i < n; i++) {
            y.setDouble(i, images.label(i) == 0 ? 10 : images.label(i));
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < 32; row++) {
                    for (int col = 0; col < 32; col++) {
                        x.setByte(row + 32 * col + 1024 * c + 3072 * i,
                                (byte) images.pixel(i, c * 1024 + row * 32 + col));
                    }
                }
            }
        }
        Files.createDirectories(dir);
        Mat5.writeToFile(Mat5.newMatFile().addArray("X", x).addArray("y", y), dir.resolve(Svhn.TRAIN_FILE).toFile());
    }

    /** Random images of a shape and class count, for timing (content does not change the cost of an epoch). */
    public static LabeledImages noise(ImageShape shape, int classes, int count, long seed) {
        java.util.Random random = new java.util.Random(seed);
        byte[] pixels = new byte[count * shape.pixels()];
        random.nextBytes(pixels);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % classes;
        }
        return new LabeledImages(shape, pixels, labels);
    }

    private static void gzip(Path file, byte[] bytes) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
            out.write(bytes);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
