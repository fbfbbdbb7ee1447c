/**
 * {@code dsml tune}: the fair-comparison protocol of Musgrave, Belongie and Lim, <i>A Metric
 * Learning Reality Check</i> (ECCV 2020), as one command. For each loss of an experiment a
 * hyperparameter search ({@link io.dsml.core.tune}) proposes trials; each trial is an experiment
 * run of its own (its cells checkpointed, resumable, runnable as shares and on a grid backend),
 * scored on held-out training classes (class-disjoint folds or a validation split), never on the
 * test split. Each loss's best configuration then trains with every seed in a final comparison,
 * whose results table compares the losses on the test split.
 */
package io.dsml.app.tune;
