package org.peng4nn.architecture;

/**
 * Spatial pooling applied at the end of a {@link ConvBlock}: a 2x2 window with stride 2 (same padding, so an odd
 * or 1-pixel feature map shrinks to {@code ceil(size / 2)} and never to zero).
 */
public enum Pooling {
    /** Keep the feature map size. */
    NONE,
    /** 2x2 max pooling, stride 2. */
    MAX,
    /** 2x2 average pooling, stride 2. */
    AVG;

    /** The suffix in the architecture text ({@code "+max"}, {@code "+avg"}; empty for NONE). */
    String suffix() {
        return this == NONE ? "" : "+" + name().toLowerCase(java.util.Locale.ROOT);
    }
}
