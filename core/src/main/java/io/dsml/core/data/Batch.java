package io.dsml.core.data;

/**
 * One batch in host memory, ready to be copied into NDArrays.
 *
 * @param images float32 [size, C, H, W], row-major
 * @param labels dense labels [size]
 * @param size number of samples
 */
public record Batch(float[] images, int[] labels, int size) {}
