package org.peng4nn.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.peng4nn.datasets.DatasetFiles.expectedPixel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetLoadersTest {

    @TempDir
    Path dir;

    /**
     * Every image of both splits must be an original image, with its own label: pixel and label of image i are
     * recoverable from the test pattern, so an image whose first pixel says "i" must carry label labelOf(i).
     */
    private static void assertImagesIntact(LabeledImages images, int originalCount, java.util.function.IntUnaryOperator labelOf,
            Set<Integer> seen) {
        for (int k = 0; k < images.size(); k++) {
            int original = -1;
            for (int i = 0; i < originalCount; i++) {
                if (images.pixel(k, 0) == expectedPixel(i, 0) && images.pixel(k, 1) == expectedPixel(i, 1)
                        && !seen.contains(i)) {
                    original = i;
                    break;
                }
            }
            assertThat(original).as("image %d matches an unused original", k).isNotNegative();
            seen.add(original);
            for (int p = 0; p < images.shape().pixels(); p++) {
                assertThat(images.pixel(k, p)).isEqualTo(expectedPixel(original, p));
            }
            assertThat(images.label(k)).isEqualTo(labelOf.applyAsInt(original));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void readsFashionMnistIdxPlainOrGzipped(boolean gzipped) throws IOException {
        DatasetFiles.writeFashionMnist(dir, 12, 28, gzipped);

        Dataset dataset = DatasetCatalogue.load("fashion-mnist", dir, new SplitOptions(0, 0.25, 1));

        assertThat(dataset.shape()).isEqualTo(new ImageShape(1, 28, 28));
        assertThat(dataset.classes()).isEqualTo(10);
        assertThat(dataset.synthetic()).isFalse();
        assertThat(dataset.train().size()).isEqualTo(9);
        assertThat(dataset.validation().size()).isEqualTo(3);
        Set<Integer> seen = new HashSet<>();
        assertImagesIntact(dataset.train(), 12, i -> i % 10, seen);
        assertImagesIntact(dataset.validation(), 12, i -> i % 10, seen);
        assertThat(seen).hasSize(12);
    }

    @Test
    void limitCapsTheImagesAndTheSplitIsDeterministic() throws IOException {
        DatasetFiles.writeFashionMnist(dir, 40, 28, true);
        SplitOptions options = new SplitOptions(10, 0.2, 5);

        Dataset first = FashionMnist.load(dir, options);
        Dataset again = FashionMnist.load(dir, options);
        Dataset otherSeed = FashionMnist.load(dir, new SplitOptions(10, 0.2, 6));

        assertThat(first.train().size() + first.validation().size()).isEqualTo(10);
        assertThat(first.validation().size()).isEqualTo(2);
        for (int k = 0; k < first.train().size(); k++) {
            assertThat(again.train().pixel(k, 0)).isEqualTo(first.train().pixel(k, 0));
        }
        boolean differs = false;
        for (int k = 0; k < first.train().size(); k++) {
            differs |= otherSeed.train().pixel(k, 0) != first.train().pixel(k, 0);
        }
        assertThat(differs).as("another seed gives another split").isTrue();
    }

    @Test
    void truncatedIdxNamesTheFileAndTheShortfall() throws IOException {
        DatasetFiles.writeFashionMnist(dir, 3, 28, false);
        DatasetFiles.truncate(dir.resolve("train-images-idx3-ubyte"), 16 + 1200);

        assertThatThrownBy(() -> FashionMnist.load(dir, SplitOptions.defaults()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("train-images-idx3-ubyte")
                .hasMessageContaining("truncated: expected 2352 bytes of pixels, found 1200");
    }

    @Test
    void truncatedGzipNamesTheFile() throws IOException {
        DatasetFiles.writeFashionMnist(dir, 50, 28, true);
        Path images = dir.resolve("train-images-idx3-ubyte.gz");
        DatasetFiles.truncate(images, (int) Files.size(images) / 2);

        assertThatThrownBy(() -> FashionMnist.load(dir, SplitOptions.defaults()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: truncated");
    }

    @Test
    void missingFashionMnistNamesBothAcceptedFiles() {
        assertThatThrownBy(() -> DatasetCatalogue.load("fashion-mnist", dir, SplitOptions.defaults()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("train-images-idx3-ubyte.gz: missing")
                .hasMessageContaining("never downloaded");
    }

    @Test
    void labelCountMismatchIsReported() throws IOException {
        DatasetFiles.writeFashionMnist(dir, 4, 28, false);
        DatasetFiles.writeIdx(dir.resolve("train-labels-idx1-ubyte"), new int[] {3}, new byte[3]);

        assertThatThrownBy(() -> FashionMnist.load(dir, SplitOptions.defaults()))
                .hasMessageContaining("train-labels-idx1-ubyte: holds 3 labels but train-images-idx3-ubyte holds 4");
    }

    @Test
    void readsCifar100FineLabels() throws IOException {
        DatasetFiles.writeCifar100(dir, 8);

        Dataset dataset = DatasetCatalogue.load("cifar100", dir, new SplitOptions(0, 0.25, 3));

        assertThat(dataset.shape()).isEqualTo(new ImageShape(3, 32, 32));
        assertThat(dataset.classes()).isEqualTo(100);
        Set<Integer> seen = new HashSet<>();
        assertImagesIntact(dataset.train(), 8, i -> i % 100, seen);
        assertImagesIntact(dataset.validation(), 8, i -> i % 100, seen);
        assertThat(seen).hasSize(8);
    }

    @Test
    void truncatedCifar100NamesTheRecord() throws IOException {
        Path file = DatasetFiles.writeCifar100(dir, 3);
        DatasetFiles.truncate(file, 2 * 3074 + 100);

        assertThatThrownBy(() -> Cifar100.load(dir, SplitOptions.defaults()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("cifar-100-binary/train.bin: truncated: record 2 has 100 of its 3074 bytes");
    }

    @Test
    void missingCifar100IsNamed() {
        assertThatThrownBy(() -> Cifar100.load(dir, SplitOptions.defaults()))
                .hasMessageContaining("cifar-100-binary/train.bin: missing");
    }

    @Test
    void readsSvhnMatColumnMajorWithTenAsZero() throws IOException {
        DatasetFiles.writeSvhn(dir, 10);

        Dataset dataset = DatasetCatalogue.load("svhn", dir, new SplitOptions(0, 0.2, 9));

        assertThat(dataset.shape()).isEqualTo(new ImageShape(3, 32, 32));
        assertThat(dataset.classes()).isEqualTo(10);
        Set<Integer> seen = new HashSet<>();
        // y(n) = n % 10 + 1, and the digit 10 stands for 0: label (n % 10 + 1) % 10.
        assertImagesIntact(dataset.train(), 10, n -> (n % 10 + 1) % 10, seen);
        assertImagesIntact(dataset.validation(), 10, n -> (n % 10 + 1) % 10, seen);
        assertThat(seen).hasSize(10);
    }

    @Test
    void truncatedOrMissingSvhnIsNamed() throws IOException {
        assertThatThrownBy(() -> Svhn.load(dir, SplitOptions.defaults()))
                .hasMessageContaining("train_32x32.mat: missing");

        Path file = DatasetFiles.writeSvhn(dir, 4);
        DatasetFiles.truncate(file, (int) Files.size(file) / 2);
        assertThatThrownBy(() -> Svhn.load(dir, SplitOptions.defaults()))
                .isInstanceOf(DatasetException.class)
                .hasMessageContaining("train_32x32.mat: cannot read as a MATLAB v5 file");
    }

    @Test
    void unknownNameOrMissingDataDirAreClear() {
        assertThatThrownBy(() -> DatasetCatalogue.load("imagenet", dir, SplitOptions.defaults()))
                .hasMessageContaining("unknown dataset 'imagenet'").hasMessageContaining("synthetic");
        assertThatThrownBy(() -> DatasetCatalogue.load("svhn", null, SplitOptions.defaults()))
                .hasMessageContaining("--data-dir");
    }
}
