package org.peng4nn.datasets;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Fashion-MNIST from its IDX files in a data directory: {@code train-images-idx3-ubyte} and
 * {@code train-labels-idx1-ubyte}, each plain or gzipped ({@code .gz}). 28x28 grey images, 10 classes. Only the
 * training files are read; the validation split is cut from them (see {@link Dataset#split}).
 */
public final class FashionMnist {

    /** Name on the command line. */
    public static final String NAME = "fashion-mnist";
    /** Base name of the images file (plain or with {@code .gz}). */
    public static final String IMAGES_FILE = "train-images-idx3-ubyte";
    /** Base name of the labels file (plain or with {@code .gz}). */
    public static final String LABELS_FILE = "train-labels-idx1-ubyte";
    /** Fashion-MNIST's class count. */
    public static final int CLASSES = 10;

    private static final int UNSIGNED_BYTE = 0x08;

    private FashionMnist() {
    }

    /** Reads and splits the training files found in {@code dataDir}. */
    public static Dataset load(Path dataDir, SplitOptions options) {
        Path imagesFile = find(dataDir, IMAGES_FILE);
        Path labelsFile = find(dataDir, LABELS_FILE);
        IdxArray images = readIdx(imagesFile, 3, "pixels");
        IdxArray labels = readIdx(labelsFile, 1, "labels");
        int count = images.dims()[0];
        if (labels.dims()[0] != count) {
            throw new DatasetException(labelsFile, "holds " + labels.dims()[0] + " labels but " + imagesFile.getFileName()
                    + " holds " + count + " images");
        }
        int[] labelValues = new int[count];
        for (int i = 0; i < count; i++) {
            labelValues[i] = labels.data()[i] & 0xFF;
            if (labelValues[i] >= CLASSES) {
                throw new DatasetException(labelsFile, "label " + labelValues[i] + " of item " + i + " is not in 0.."
                        + (CLASSES - 1));
            }
        }
        ImageShape shape = new ImageShape(1, images.dims()[1], images.dims()[2]);
        return Dataset.split(NAME, false, CLASSES, new LabeledImages(shape, images.data(), labelValues), options);
    }

    /** The plain file if present, else the gzipped one; a clear error naming both when neither exists. */
    static Path find(Path dataDir, String baseName) {
        Path plain = dataDir.resolve(baseName);
        Path gzipped = dataDir.resolve(baseName + ".gz");
        if (Files.isRegularFile(plain)) {
            return plain;
        }
        if (Files.isRegularFile(gzipped)) {
            return gzipped;
        }
        throw new DatasetException(gzipped, "missing (neither " + baseName + " nor " + baseName + ".gz is in "
                + dataDir + "; Fashion-MNIST is never downloaded, put the files there)");
    }

    /** An IDX array of unsigned bytes: its dimensions and its data. */
    record IdxArray(int[] dims, byte[] data) {
    }

    /** Reads an IDX file of unsigned bytes with {@code expectedDims} dimensions, checking its length. */
    static IdxArray readIdx(Path file, int expectedDims, String what) {
        byte[] bytes = readMaybeGzipped(file);
        if (bytes.length < 4 + 4 * expectedDims) {
            throw new DatasetException(file, "truncated: expected a " + (4 + 4 * expectedDims)
                    + "-byte IDX header, found " + bytes.length + " bytes");
        }
        ByteBuffer header = ByteBuffer.wrap(bytes); // IDX is big-endian, ByteBuffer's default
        int magic = header.getInt();
        if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != UNSIGNED_BYTE || (magic & 0xFF) != expectedDims) {
            throw new DatasetException(file, String.format("not an IDX file of unsigned bytes with %d dimensions"
                    + " (magic number 0x%08x, expected 0x%08x)", expectedDims, magic, UNSIGNED_BYTE << 8 | expectedDims));
        }
        int[] dims = new int[expectedDims];
        long expected = 1;
        for (int d = 0; d < expectedDims; d++) {
            dims[d] = header.getInt();
            if (dims[d] < 1) {
                throw new DatasetException(file, "dimension " + d + " of the IDX header is " + dims[d]);
            }
            expected *= dims[d];
        }
        long found = bytes.length - header.position();
        if (found < expected) {
            throw new DatasetException(file, "truncated: expected " + expected + " bytes of " + what + ", found "
                    + found);
        }
        byte[] data = new byte[(int) expected];
        header.get(data);
        return new IdxArray(dims, data);
    }

    private static byte[] readMaybeGzipped(Path file) {
        try {
            if (!file.getFileName().toString().endsWith(".gz")) {
                return Files.readAllBytes(file);
            }
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
                return in.readAllBytes();
            }
        } catch (EOFException e) {
            throw new DatasetException(file, "truncated: the gzip stream ends early (" + e.getMessage() + ")", e);
        } catch (ZipException e) {
            throw new DatasetException(file, "not a valid gzip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e, e);
        }
    }
}
