/**
 * Running experiments and recording them. {@link io.dsml.core.run.ExperimentRunner} coordinates
 * the planner (config to validated cells), the cell runner (each cell trained under its lock, its
 * result written atomically) and the results writer (Markdown, CSV and JSON tables); {@link
 * io.dsml.core.run.RunStore} and {@link io.dsml.core.run.CellFiles} own every name and file of the
 * run directory, which {@link io.dsml.core.run.RunDirectory} creates or opens.
 */
package io.dsml.core.run;
