package io.dsml.losses.miners;

/**
 * Chooses the pairs or triplets of a batch that a loss learns from. A miner sees only how close
 * the samples are ({@link Closeness}, in the loss's own metric) and their labels; it returns
 * indices, never values, so the loss computes its value and gradient on exactly the chosen
 * tuples. Whether a miner returns pairs or triplets does not matter to the loss: {@link Mined}
 * converts between them.
 *
 * <p>Miners are stateless and deterministic; ties go to the lowest index.
 */
@FunctionalInterface
public interface Miner {

    /**
     * @param closeness how close every two samples are (higher = closer)
     * @param labels the class of every sample of the batch
     * @return the chosen tuples (possibly none)
     */
    Mined mine(Closeness closeness, int[] labels);
}
