/**
 * Losses on pairs and triplets inside a batch: contrastive, triplet, lifted structure,
 * multi-similarity (each with a pluggable {@link io.dsml.losses.miners.Miner}) and N-pair. They
 * learn only from batches with at least two classes and a positive pair, which the {@code
 * m-per-class} sampler guarantees.
 */
package io.dsml.losses.pair;
