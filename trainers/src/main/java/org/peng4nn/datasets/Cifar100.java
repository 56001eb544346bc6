package org.peng4nn.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CIFAR-100, binary version: {@code cifar-100-binary/train.bin} under the data directory (or {@code train.bin} in
 * the data directory itself). Each record is 1 coarse label byte, 1 fine label byte and 3072 pixel bytes (1024 red,
 * 1024 green, 1024 blue, rows of 32). The 100 fine labels are used; validation is cut from the training file.
 */
public final class Cifar100 {

    /** Name on the command line. */
    public static final String NAME = "cifar100";
    /** Fine-label class count. */
    public static final int CLASSES = 100;
    /** Image shape: 3 channels of 32x32. */
    public static final ImageShape SHAPE = new ImageShape(3, 32, 32);
    /** Bytes in one record: coarse label, fine label, pixels. */
    public static final int RECORD_BYTES = 2 + 3 * 32 * 32;

    private Cifar100() {
    }

    /** Reads and splits the training file found under {@code dataDir}. */
    public static Dataset load(Path dataDir, SplitOptions options) {
        Path file = find(dataDir);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DatasetException(file, "cannot read: " + e, e);
        }
        if (bytes.length == 0) {
            throw new DatasetException(file, "empty: expected records of " + RECORD_BYTES + " bytes");
        }
        if (bytes.length % RECORD_BYTES != 0) {
            int records = bytes.length / RECORD_BYTES;
            throw new DatasetException(file, "truncated: record " + records + " has " + bytes.length % RECORD_BYTES
                    + " of its " + RECORD_BYTES + " bytes (file size " + bytes.length + ")");
        }
        int count = bytes.length / RECORD_BYTES;
        int pixelsPerImage = SHAPE.pixels();
        byte[] pixels = new byte[count * pixelsPerImage];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            int offset = i * RECORD_BYTES;
            labels[i] = bytes[offset + 1] & 0xFF;
            if (labels[i] >= CLASSES) {
                throw new DatasetException(file, "record " + i + " has fine label " + labels[i] + ", not in 0.."
                        + (CLASSES - 1));
            }
            // The record's pixels are already channel-major rows, the layout LabeledImages keeps.
            System.arraycopy(bytes, offset + 2, pixels, i * pixelsPerImage, pixelsPerImage);
        }
        return Dataset.split(NAME, false, CLASSES, new LabeledImages(SHAPE, pixels, labels), options);
    }

    private static Path find(Path dataDir) {
        Path nested = dataDir.resolve("cifar-100-binary").resolve("train.bin");
        if (Files.isRegularFile(nested)) {
            return nested;
        }
        Path flat = dataDir.resolve("train.bin");
        if (Files.isRegularFile(flat)) {
            return flat;
        }
        throw new DatasetException(nested, "missing (CIFAR-100 is never downloaded: unpack cifar-100-binary.tar.gz"
                + " into " + dataDir + ")");
    }
}
