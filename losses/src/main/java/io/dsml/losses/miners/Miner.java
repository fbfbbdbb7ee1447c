package io.dsml.losses.miners;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * Chooses the pairs or triplets of a batch that a loss learns from. A miner sees only how close
 * the samples are ({@link Closeness}, in the loss's own metric) and their labels; it returns
 * indices, never values, so the loss computes its value and gradient on exactly the chosen
 * tuples. Whether a miner returns pairs or triplets does not matter to the loss: {@link Mined}
 * converts between them.
 *
 * <p>Miners are stateless and deterministic; ties go to the lowest index.
 *
 * <p>A loss calls {@link #mine(NDArray, LabelMasks)}, which mines on the device. Its default copies
 * the closeness matrix to the host, calls {@link #mine(Closeness, int[])} and sends the choice back
 * as masks; that works for any miner written against index lists, but only with the batch as its
 * own reference set. The built-in miners override it with mask arithmetic on the device, and their
 * host {@code mine} stays as the readable statement of the rule the device version is tested
 * against.
 */
@FunctionalInterface
public interface Miner {

    /**
     * @param closeness how close every two samples are (higher = closer)
     * @param labels the class of every sample of the batch
     * @return the chosen tuples (possibly none)
     */
    Mined mine(Closeness closeness, int[] labels);

    /**
     * Mines on the device.
     *
     * @param closeness how close every anchor (row) is to every reference sample (column), higher =
     *     closer, detached, [B, M]
     * @param masks the positive and negative pairs between them
     * @return the chosen tuples as multiplicities
     * @throws UnsupportedOperationException if the miner mines on the host and the reference set is
     *     not the batch itself
     */
    default MinedMasks mine(NDArray closeness, LabelMasks masks) {
        if (!masks.self()) {
            throw new UnsupportedOperationException(
                    getClass().getSimpleName() + " mines on the host, within the batch; it takes no reference set");
        }
        int size = Math.toIntExact(closeness.getShape().get(0));
        int[] labels = masks.labels().toType(DataType.INT32, false).toIntArray();
        Mined mined = mine(new Closeness(closeness.toFloatArray(), size), labels);
        return MinedMasks.of(mined, closeness.getManager(), size, size);
    }
}
