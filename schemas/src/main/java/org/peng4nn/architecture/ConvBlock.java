package org.peng4nn.architecture;

import java.util.Objects;

/**
 * One convolution block of an {@link Architecture}: a {@code kernel x kernel} convolution with {@code channels}
 * output channels (same padding, stride 1, bias, ReLU), optionally a residual skip that adds the block input to the
 * convolution output, then {@link Pooling}.
 *
 * @param kernel   odd kernel size, 1 to 7
 * @param channels output channels, 1 to 1024
 * @param pooling  pooling after the convolution (and skip)
 * @param skip     whether the block input is added to the convolution output (identity when the channel counts are
 *                 equal, otherwise through a 1x1 convolution projection with bias)
 */
public record ConvBlock(int kernel, int channels, Pooling pooling, boolean skip) {

    /** Largest kernel size accepted; larger kernels bring nothing on the small images this project trains on. */
    public static final int MAX_KERNEL = 7;
    /** Largest channel count accepted, a guard against typos that would exhaust memory. */
    public static final int MAX_CHANNELS = 1024;

    /** Validates the block. */
    public ConvBlock {
        if (kernel < 1 || kernel > MAX_KERNEL || kernel % 2 == 0) {
            throw new IllegalArgumentException("kernel must be odd and 1.." + MAX_KERNEL + ", got " + kernel);
        }
        if (channels < 1 || channels > MAX_CHANNELS) {
            throw new IllegalArgumentException("channels must be 1.." + MAX_CHANNELS + ", got " + channels);
        }
        Objects.requireNonNull(pooling, "pooling");
    }

    /** Trainable parameters of this block given the channels of its input (convolution, and projection if any). */
    public long parameterCount(int inputChannels) {
        long conv = (long) kernel * kernel * inputChannels * channels + channels;
        long projection = skip && inputChannels != channels ? (long) inputChannels * channels + channels : 0;
        return conv + projection;
    }

    /** Whether the skip needs a 1x1 projection because the channel counts differ. */
    public boolean needsProjection(int inputChannels) {
        return skip && inputChannels != channels;
    }

    /** Canonical text, e.g. {@code conv3x16+max+skip}. */
    @Override
    public String toString() {
        return "conv" + kernel + "x" + channels + pooling.suffix() + (skip ? "+skip" : "");
    }
}
