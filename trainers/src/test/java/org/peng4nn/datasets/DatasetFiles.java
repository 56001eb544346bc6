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
 * Writes tiny dataset files in the real formats. Pixel values encode (image, position) so that tests can check
 * where every byte landed: pixel p of image i (in channel-major row order) is {@code expectedPixel(i, p)}.
 */
final class DatasetFiles {

    private DatasetFiles() {
    }

    static int expectedPixel(int image, int p) {
        return (image * 31 + p * 7) % 256;
    }

    /** An IDX file of unsigned bytes with the given dimensions and data, gzipped when the name ends in .gz. */
    static void writeIdx(Path file, int[] dims, byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buffer.putInt(0x0800 | dims.length);
        for (int d : dims) {
            buffer.putInt(d);
        }
        buffer.put(data);
        try (OutputStream out = file.getFileName().toString().endsWith(".gz")
                ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(buffer.array());
        }
    }

    /** Fashion-MNIST-like files of {@code count} images of {@code side x side}; label of image i is i % 10. */
    static void writeFashionMnist(Path dir, int count, int side, boolean gzipped) throws IOException {
        String suffix = gzipped ? ".gz" : "";
        byte[] pixels = new byte[count * side * side];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
            for (int p = 0; p < side * side; p++) {
                pixels[i * side * side + p] = (byte) expectedPixel(i, p);
            }
        }
        writeIdx(dir.resolve(FashionMnist.IMAGES_FILE + suffix), new int[] {count, side, side}, pixels);
        writeIdx(dir.resolve(FashionMnist.LABELS_FILE + suffix), new int[] {count}, labels);
    }

    /** A CIFAR-100 train.bin of {@code count} records; fine label of image i is i % 100, coarse label 99. */
    static Path writeCifar100(Path dir, int count) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("cifar-100-binary"));
        byte[] bytes = new byte[count * Cifar100.RECORD_BYTES];
        for (int i = 0; i < count; i++) {
            int offset = i * Cifar100.RECORD_BYTES;
            bytes[offset] = 99;
            bytes[offset + 1] = (byte) (i % 100);
            for (int p = 0; p < 3072; p++) {
                bytes[offset + 2 + p] = (byte) expectedPixel(i, p);
            }
        }
        return Files.write(folder.resolve("train.bin"), bytes);
    }

    /**
     * An SVHN train_32x32.mat of {@code count} images, written column-major as MATLAB does: X(row, col, c, n) holds
     * expectedPixel(n, c*1024 + row*32 + col); y(n) = n % 10 + 1 (so 10 stands for digit 0 once in ten).
     */
    static Path writeSvhn(Path dir, int count) throws IOException {
        Matrix x = Mat5.newMatrix(new int[] {32, 32, 3, count}, MatlabType.UInt8);
        Matrix y = Mat5.newMatrix(count, 1);
        for (int n = 0; n < count; n++) {
            y.setDouble(n, n % 10 + 1);
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < 32; row++) {
                    for (int col = 0; col < 32; col++) {
                        x.setByte(new int[] {row, col, c, n}, (byte) expectedPixel(n, c * 1024 + row * 32 + col));
                    }
                }
            }
        }
        Path file = dir.resolve(Svhn.TRAIN_FILE);
        Mat5.writeToFile(Mat5.newMatFile().addArray("X", x).addArray("y", y), file.toFile());
        return file;
    }

    /** Cuts a file down to its first {@code keep} bytes. */
    static void truncate(Path file, int keep) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, keep));
    }
}
