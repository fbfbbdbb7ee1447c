/**
 * The training loop on DJL's {@code Trainer}: one {@link io.dsml.core.train.Cell} in, a {@link
 * io.dsml.core.train.TrainingOutcome} out; listeners for cross-cutting work; the vMF-style
 * class-state refresh; per-epoch evaluation on the test split.
 */
package io.dsml.core.train;
