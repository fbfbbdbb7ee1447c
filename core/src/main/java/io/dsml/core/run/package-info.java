/**
 * Running experiments and recording them: the run directory, per-cell results, metric logs,
 * aggregated tables (Markdown, CSV, JSON) and the experiment runner.
 */
package io.dsml.core.run;
