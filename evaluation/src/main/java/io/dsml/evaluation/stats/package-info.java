/**
 * Significance of differences between groups of runs (seeds): Welch's and the paired t-test with
 * confidence intervals of the mean difference (commons-math3's Student t distribution).
 */
package io.dsml.evaluation.stats;
