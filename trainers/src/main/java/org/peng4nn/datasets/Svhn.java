package org.peng4nn.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Matrix;

/**
 * SVHN cropped digits, format 2: {@code train_32x32.mat} in the data directory, a MATLAB file with {@code X}
 * (32x32x3xN uint8, column-major) and {@code y} (Nx1, digits 1..10 where 10 stands for 0). 10 classes.
 */
public final class Svhn {

    /** Name on the command line. */
    public static final String NAME = "svhn";
    /** The file read. */
    public static final String TRAIN_FILE = "train_32x32.mat";
    /** Digit classes. */
    public static final int CLASSES = 10;
    /** Image shape: 3 channels of 32x32. */
    public static final ImageShape SHAPE = new ImageShape(3, 32, 32);

    private Svhn() {
    }

    /** Reads and splits the training file in {@code dataDir}. */
    public static Dataset load(Path dataDir, SplitOptions options) {
        Path file = dataDir.resolve(TRAIN_FILE);
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(file, "missing (SVHN is never downloaded: put " + TRAIN_FILE + " in " + dataDir
                    + ")");
        }
        try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
            Matrix x = matrix(mat, file, "X");
            Matrix y = matrix(mat, file, "y");
            int[] dims = x.getDimensions();
            if (dims.length != 4 || dims[0] != 32 || dims[1] != 32 || dims[2] != 3) {
                throw new DatasetException(file, "X has dimensions " + Arrays.toString(dims) + ", expected"
                        + " [32, 32, 3, N]");
            }
            int count = dims[3];
            if (y.getNumElements() != count) {
                throw new DatasetException(file, "y has " + y.getNumElements() + " labels but X has " + count
                        + " images");
            }
            return Dataset.split(NAME, false, CLASSES, toImages(file, x, y, count), options);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DatasetException known) {
                throw known;
            }
            throw new DatasetException(file, "cannot read as a MATLAB v5 file (truncated or corrupt?): " + e, e);
        }
    }

    private static Matrix matrix(Mat5File mat, Path file, String name) {
        try {
            return mat.getMatrix(name);
        } catch (RuntimeException e) {
            throw new DatasetException(file, "no numeric variable '" + name + "' (" + e.getMessage() + ")", e);
        }
    }

    private static LabeledImages toImages(Path file, Matrix x, Matrix y, int count) {
        int side = 32;
        int plane = side * side;
        byte[] pixels = new byte[count * SHAPE.pixels()];
        int[] labels = new int[count];
        for (int n = 0; n < count; n++) {
            int digit = (int) y.getDouble(n);
            if (digit < 1 || digit > 10) {
                throw new DatasetException(file, "y(" + (n + 1) + ") = " + y.getDouble(n) + ", expected 1..10");
            }
            labels[n] = digit % 10;
            for (int c = 0; c < 3; c++) {
                for (int row = 0; row < side; row++) {
                    for (int col = 0; col < side; col++) {
                        // MATLAB is column-major: X(row, col, c, n) sits at row + 32*col + 1024*c + 3072*n.
                        pixels[n * SHAPE.pixels() + c * plane + row * side + col] =
                                x.getByte(row + side * col + plane * c + 3 * plane * n);
                    }
                }
            }
        }
        return new LabeledImages(SHAPE, pixels, labels);
    }
}
