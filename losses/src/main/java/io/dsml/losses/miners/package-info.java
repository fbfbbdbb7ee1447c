/**
 * Miners: which pairs or triplets of a batch a pair or triplet loss learns from. A {@link
 * io.dsml.losses.miners.Miner} sees the batch's {@link io.dsml.losses.miners.Closeness} (in the
 * loss's metric) and labels and returns {@link io.dsml.losses.miners.Mined} indices, pairs or
 * triplets, which convert into each other; so every miner composes with every pair or triplet
 * loss. Built-in miners also mine on the device ({@link io.dsml.losses.miners.MinedMasks}: how
 * often each pair or triplet was chosen), between a batch and a reference set. Building batches (which samples are in a batch) is a separate concept: the samplers of
 * the data module.
 */
package io.dsml.losses.miners;
