/**
 * Evaluation of embeddings on float arrays, with no DJL dependency: retrieval metrics (Recall@K,
 * Precision@1, R-Precision, MAP@R) from exact cosine k-nearest-neighbour search, clustering
 * quality (NMI, AMI of k-means), classification accuracy, the concatenated evaluation of several
 * models' embeddings ({@link io.dsml.evaluation.ConcatenatedEmbeddings}), and NumPy {@code .npy}
 * input/output.
 *
 * <p>Start with {@link io.dsml.evaluation.Evaluator#builder()}. Conventions (ties, lone queries,
 * duplicates) are documented on {@link io.dsml.evaluation.Evaluator}.
 */
package io.dsml.evaluation;
