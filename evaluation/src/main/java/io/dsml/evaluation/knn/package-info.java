/**
 * Exact cosine k-nearest-neighbour search over L2-normalised rows: similarities are produced one
 * BLAS block at a time and reduced immediately to a bounded per-row top-k, so memory is
 * {@code O(block * galleryBlock + queries * k)}, never {@code O(queries * gallery)}.
 *
 * <p>Ordering is by similarity descending, ties broken by the lower gallery index first, so results
 * are deterministic for a given BLAS; given the labels of both sets, gallery rows of another class
 * than the query's come first among equal similarities (the pessimistic rule retrieval metrics
 * use, under which they do not depend on the order of the rows). Note that BLAS may round mathematically equal dot products
 * (for instance of duplicate vectors) differently in the last bit depending on their position in a
 * block; only exactly equal floats count as ties.
 */
package io.dsml.evaluation.knn;
