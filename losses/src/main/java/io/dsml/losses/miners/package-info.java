/**
 * Miners: which pairs or triplets of a batch a pair or triplet loss learns from. A {@link
 * io.dsml.losses.miners.Miner} sees the batch's {@link io.dsml.losses.miners.Closeness} (in the
 * loss's metric) and labels and returns {@link io.dsml.losses.miners.Mined} indices, pairs or
 * triplets, which convert into each other; so every miner composes with every pair or triplet
 * loss. Building batches (which samples are in a batch) is a separate concept: the samplers of
 * the data module.
 */
package io.dsml.losses.miners;
