/**
 * Turning {@link io.dsml.core.spi.LabeledImages} into batches in host memory: parallel,
 * deterministic assembly and background prefetching; and {@link io.dsml.core.data.SubsetImages},
 * a view of some of a split's samples (validation and zero-shot splits, stratified samples); and
 * {@link io.dsml.core.data.ClassFolds}, the class-disjoint folds of cross-validation.
 */
package io.dsml.core.data;
