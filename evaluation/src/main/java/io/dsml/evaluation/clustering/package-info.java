/**
 * Clustering quality: k-means (Euclidean or spherical) on embedding rows, and the agreement
 * between a clustering and the true labels as normalised and adjusted mutual information, with
 * scikit-learn's default (arithmetic-mean) normalisation and its conventions for degenerate
 * labellings.
 */
package io.dsml.evaluation.clustering;
