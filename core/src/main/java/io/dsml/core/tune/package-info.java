/**
 * Hyperparameter search for fair comparisons (Musgrave et al., <i>A Metric Learning Reality
 * Check</i>, 2020): a {@link io.dsml.core.tune.SearchSpace} of ranges and choices, the
 * {@link io.dsml.core.tune.SearchMethod} SPI with random search and the tree-structured Parzen
 * estimator ({@link io.dsml.core.tune.SearchMethods}), successive-halving early stopping of trials on
 * their validation curves ({@link io.dsml.core.tune.SuccessiveHalving}), and the trials table
 * ({@link io.dsml.core.tune.TrialsTable}); a {@link io.dsml.core.tune.SearchSpec} declares one search
 * (method, space, budget, seed, early stopping).
 *
 * <p>Nothing here trains: a runner asks a method for the parameters of trial n given the
 * {@link io.dsml.core.tune.Trial}s finished so far, trains and validates them (per class-disjoint
 * fold, see {@link io.dsml.core.data.ClassFolds}), and reports them back as trials. Every proposal
 * is a pure function of the space, the seed, the trial number and the finished trials, so a
 * resumed or sharded search proposes what an uninterrupted one would have. Scores are maximised.
 */
package io.dsml.core.tune;
