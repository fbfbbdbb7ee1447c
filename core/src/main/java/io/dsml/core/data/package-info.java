/**
 * Turning {@link io.dsml.core.spi.LabeledImages} into batches in host memory: parallel,
 * deterministic assembly and background prefetching.
 */
package io.dsml.core.data;
