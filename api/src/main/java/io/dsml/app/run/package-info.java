/**
 * Running an experiment as one call, {@link io.dsml.app.run.Experiment#run}: the run protocol
 * (validation, the run directory and its lock, shares of a grid, the grid backend, aggregation,
 * results, plots and the report) that the command line, the Spark driver and a Java user share. It
 * sits above the trained-model API, the report and the grid SPI, which it uses.
 */
package io.dsml.app.run;
