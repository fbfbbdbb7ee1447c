package io.dsml.data.pipeline;

/**
 * A rectangle in continuous pixel coordinates: pixel (i, j) covers [i, i+1) x [j, j+1).
 *
 * @param x left edge
 * @param y top edge
 * @param width extent to the right, &gt; 0
 * @param height extent downwards, &gt; 0
 */
public record Box(double x, double y, double width, double height) {
    public Box {
        if (!(width > 0) || !(height > 0)) {
            throw new IllegalArgumentException("box must have a positive size: " + width + " x " + height);
        }
    }

    /** The whole of an image. */
    public static Box of(RgbImage image) {
        return new Box(0, 0, image.width(), image.height());
    }

    /**
     * This box clipped to {@code [0, width) x [0, height)}; a box entirely outside becomes the whole
     * image, because an annotation error should not turn into an empty crop.
     */
    public Box clip(int imageWidth, int imageHeight) {
        double x0 = Math.max(0, x);
        double y0 = Math.max(0, y);
        double x1 = Math.min(imageWidth, x + width);
        double y1 = Math.min(imageHeight, y + height);
        if (x1 - x0 < 1 || y1 - y0 < 1) {
            return new Box(0, 0, imageWidth, imageHeight);
        }
        return new Box(x0, y0, x1 - x0, y1 - y0);
    }

    /** A sub-box given in this box's own coordinates (origin at its top-left corner). */
    public Box inner(double dx, double dy, double w, double h) {
        return new Box(x + dx, y + dy, w, h);
    }
}
