package io.dsml.data.pipeline;

/**
 * Resamples a box of an {@link RgbImage} to a fixed output size with a separable triangle
 * (bilinear) filter whose support widens with the downscaling factor, as PIL's antialiased
 * bilinear resize does; plain bilinear sampling would alias when CUB's 500-pixel photos shrink to
 * 224. The output is written channels first, optionally mirrored, scaled to [0, 1] and
 * standardised per channel, so one pass replaces resize, crop, flip, to-tensor and normalise.
 */
public final class Resampler {
    private Resampler() {}

    /** Filter taps of one output coordinate: source indices {@code first .. first+count-1}. */
    private record Taps(int[] first, int[] count, float[][] weights) {}

    /**
     * @param box the source region; need not lie within the image (samples are clamped)
     * @param flip whether to mirror the output horizontally
     * @param mean per-channel mean of the [0, 1] values
     * @param std per-channel standard deviation of the [0, 1] values
     */
    public static void resample(
            RgbImage image,
            Box box,
            int outWidth,
            int outHeight,
            boolean flip,
            float[] mean,
            float[] std,
            float[] destination,
            int offset) {
        Taps horizontal = taps(box.x(), box.width(), image.width(), outWidth);
        Taps vertical = taps(box.y(), box.height(), image.height(), outHeight);
        int colLo = Integer.MAX_VALUE;
        int colHi = 0;
        for (int ox = 0; ox < outWidth; ox++) {
            colLo = Math.min(colLo, horizontal.first()[ox]);
            colHi = Math.max(colHi, horizontal.first()[ox] + horizontal.count()[ox]);
        }
        byte[] rgb = image.rgb();
        int sourceStride = image.width() * 3;
        int span = (colHi - colLo) * 3;
        int plane = outWidth * outHeight;
        float[] line = new float[span];
        for (int oy = 0; oy < outHeight; oy++) {
            // Vertical first, over the columns the crop uses: the inner loop runs over contiguous
            // bytes of a source row, which the JIT vectorises; the horizontal taps then run over
            // one filtered line per output row instead of every source row of the crop.
            int first = vertical.first()[oy];
            float[] w = vertical.weights()[oy];
            java.util.Arrays.fill(line, 0f);
            for (int t = 0; t < w.length; t++) {
                float weight = w[t];
                int rowStart = (first + t) * sourceStride + colLo * 3;
                for (int i = 0; i < span; i++) {
                    line[i] += weight * (rgb[rowStart + i] & 0xff);
                }
            }
            for (int ox = 0; ox < outWidth; ox++) {
                int firstColumn = horizontal.first()[ox];
                float[] h = horizontal.weights()[ox];
                float r = 0;
                float g = 0;
                float b = 0;
                for (int t = 0; t < h.length; t++) {
                    int at = (firstColumn + t - colLo) * 3;
                    r += h[t] * line[at];
                    g += h[t] * line[at + 1];
                    b += h[t] * line[at + 2];
                }
                int out = offset + oy * outWidth + (flip ? outWidth - 1 - ox : ox);
                destination[out] = (r / 255f - mean[0]) / std[0];
                destination[out + plane] = (g / 255f - mean[1]) / std[1];
                destination[out + 2 * plane] = (b / 255f - mean[2]) / std[2];
            }
        }
    }

    /**
     * The normalised triangle-filter weights mapping {@code out} output pixels onto the source
     * interval [start, start + length) of an axis with {@code size} pixels.
     */
    private static Taps taps(double start, double length, int size, int out) {
        double scale = length / out;
        double support = Math.max(1.0, scale);
        int[] first = new int[out];
        int[] count = new int[out];
        float[][] weights = new float[out][];
        for (int i = 0; i < out; i++) {
            double centre = start + (i + 0.5) * scale;
            int lo = (int) Math.floor(centre - support);
            int hi = (int) Math.ceil(centre + support);
            lo = Math.max(0, Math.min(lo, size - 1));
            hi = Math.max(lo + 1, Math.min(hi, size));
            float[] w = new float[hi - lo];
            double sum = 0;
            for (int j = lo; j < hi; j++) {
                double d = Math.abs((j + 0.5 - centre) / support);
                double v = d < 1 ? 1 - d : 0;
                w[j - lo] = (float) v;
                sum += v;
            }
            if (sum <= 0) {
                // The centre lies outside the image: take the nearest edge pixel.
                int nearest = Math.max(0, Math.min(size - 1, (int) Math.floor(centre)));
                first[i] = nearest;
                count[i] = 1;
                weights[i] = new float[] {1f};
                continue;
            }
            for (int t = 0; t < w.length; t++) {
                w[t] /= (float) sum;
            }
            first[i] = lo;
            count[i] = w.length;
            weights[i] = w;
        }
        return new Taps(first, count, weights);
    }
}
