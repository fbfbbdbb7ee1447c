package io.dsml.core.spi;

import ai.djl.ndarray.types.Shape;

/**
 * The shape of one image tensor, channels first.
 *
 * @param channels C
 * @param height H
 * @param width W
 */
public record ImageShape(int channels, int height, int width) {
    public ImageShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("image dimensions must be >= 1");
        }
    }

    /** Number of floats in one image. */
    public int size() {
        return channels * height * width;
    }

    /** The DJL shape of a batch of {@code batch} such images. */
    public Shape batchShape(long batch) {
        return new Shape(batch, channels, height, width);
    }
}
