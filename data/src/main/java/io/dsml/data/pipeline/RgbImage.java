package io.dsml.data.pipeline;

/**
 * A decoded image as interleaved 8-bit RGB, row-major.
 *
 * @param width W
 * @param height H
 * @param rgb {@code 3 * width * height} bytes, R G B per pixel
 */
public record RgbImage(int width, int height, byte[] rgb) {
    public RgbImage {
        if (width < 1 || height < 1 || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("rgb must hold 3 x " + width + " x " + height + " bytes");
        }
    }

    /** Channel {@code c} of pixel (x, y), 0-255. */
    public int sample(int x, int y, int c) {
        return rgb[3 * (y * width + x) + c] & 0xff;
    }
}
