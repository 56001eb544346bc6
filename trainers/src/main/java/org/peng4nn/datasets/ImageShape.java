package org.peng4nn.datasets;

/**
 * The shape of one image: channels x height x width, stored channel-major (all of channel 0 row by row, then
 * channel 1...), which is the NCHW layout DL4J convolutions expect.
 */
public record ImageShape(int channels, int height, int width) {

    /** Validates the dimensions. */
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image dimensions must be positive, got " + channels + "x" + height
                    + "x" + width);
        }
    }

    /** Bytes (pixel values) in one image. */
    public int pixels() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
