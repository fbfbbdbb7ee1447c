/**
 * The service-provider interfaces every pluggable part of dsml implements: {@link
 * io.dsml.core.spi.MetricLoss} and its {@link io.dsml.core.spi.LossFactory}, {@link
 * io.dsml.core.spi.BackboneFactory}, {@link io.dsml.core.spi.DatasetProvider}. The core knows these
 * interfaces only, never a concrete loss, backbone or dataset.
 */
package io.dsml.core.spi;
