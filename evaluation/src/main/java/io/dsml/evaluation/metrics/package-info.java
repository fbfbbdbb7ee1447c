/**
 * Retrieval metrics computed from ranked neighbour lists, following Musgrave, Belongie and Lim,
 * "A Metric Learning Reality Check" (ECCV 2020) and pytorch-metric-learning's
 * {@code AccuracyCalculator}:
 *
 * <ul>
 *   <li>Recall@K: 1 if any of the K nearest gallery items shares the query's label, else 0.
 *   <li>Precision@1: whether the nearest gallery item shares the query's label.
 *   <li>R-Precision: with R the number of gallery items sharing the query's label (the query
 *       itself excluded when queries and gallery are the same set), the fraction of the R nearest
 *       that share it.
 *   <li>MAP@R: {@code (1/R) * sum_{i<=R} P(i) * rel(i)}, with P(i) the precision among the i
 *       nearest and rel(i) whether the i-th nearest shares the label.
 * </ul>
 *
 * <p><b>Lone queries</b> (R = 0: no other gallery item has the query's class) have no correct
 * answer; like pytorch-metric-learning they are excluded from the mean of every retrieval metric,
 * and their number is reported. If every query is lone the metrics are 0.
 *
 * <p>R may optionally be capped (pytorch-metric-learning's {@code k} argument): R becomes
 * {@code min(R, cap)}. Uncapped by default, so the search depth adapts to the largest class.
 */
package io.dsml.evaluation.metrics;
