/**
 * Building blocks shared by the large backbones: convolution + BatchNorm + ReLU units, residual
 * and concatenating branches, a BatchNorm whose statistics can be frozen, and the feature-map
 * geometry that rejects inputs too small for an architecture before any array is allocated.
 */
package io.dsml.backbones.layers;
