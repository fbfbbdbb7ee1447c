package io.dsml.losses.miners;

/**
 * How close every two samples of a batch are, in the metric of the loss that mines: cosine
 * similarities as they are, distances negated, so that for every miner a higher value means
 * closer. Detached from autograd: mining only chooses indices.
 *
 * @param values row-major [size, size]
 * @param size the batch size B
 */
public record Closeness(float[] values, int size) {
    public Closeness {
        if (values.length != (long) size * size) {
            throw new IllegalArgumentException("expected " + size + " x " + size + " values, got " + values.length);
        }
    }

    /** From a similarity matrix (higher = closer), e.g. cosine similarities. */
    public static Closeness ofSimilarities(float[] similarities, int size) {
        return new Closeness(similarities.clone(), size);
    }

    /** From a distance matrix (lower = closer): the values are negated. */
    public static Closeness ofDistances(float[] distances, int size) {
        float[] negated = new float[distances.length];
        for (int k = 0; k < distances.length; k++) {
            negated[k] = -distances[k];
        }
        return new Closeness(negated, size);
    }

    /** Closeness of samples {@code i} and {@code j}. */
    public float at(int i, int j) {
        return values[i * size + j];
    }
}
