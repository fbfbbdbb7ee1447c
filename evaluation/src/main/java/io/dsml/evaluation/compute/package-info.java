/**
 * Dense float kernels shared by search and clustering: the BLAS handle, row normalisation, the
 * similarity-block product and a small fork/join helper. Internal to the evaluation module; the
 * public entry points live in {@link io.dsml.evaluation}.
 */
package io.dsml.evaluation.compute;
