package io.dsml.evaluation.knn;

/**
 * The k nearest gallery rows of queries {@code firstQuery .. firstQuery + count - 1}, best first:
 * {@code indices[q * k + j]} is the j-th neighbour of query {@code firstQuery + q} and
 * {@code scores} holds the matching cosine similarities. Arrays may be reused after the consumer
 * returns.
 */
public record NeighbourBlock(int firstQuery, int count, int k, int[] indices, float[] scores) {}
