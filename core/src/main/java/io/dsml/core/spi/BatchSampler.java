package io.dsml.core.spi;

import java.util.List;
import java.util.Random;

/**
 * Decides which samples form each training batch of an epoch. A random sampler shuffles; an
 * M-per-class sampler builds batches of P classes with M samples each, as pair and triplet
 * losses need.
 */
public interface BatchSampler {

    /**
     * The batches of one epoch, as sample indices.
     *
     * @param random seeded per epoch by the trainer, so the order is reproducible
     */
    List<int[]> epoch(Random random);
}
