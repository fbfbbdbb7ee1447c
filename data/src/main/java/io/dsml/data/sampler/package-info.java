/**
 * Batch samplers: which samples form each training batch. {@code random} shuffles the training
 * set; {@code m-per-class} builds "PK" batches of P classes with M samples each, as pair and
 * triplet losses need (choosing pairs or triplets inside a batch is the losses' miners' job).
 */
package io.dsml.data.sampler;
