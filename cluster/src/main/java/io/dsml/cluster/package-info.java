/**
 * The experiment grid on Apache Spark: the driver validates the experiment and the run directory,
 * runs one task per cell, and aggregates the results; tasks train their cell in the shared run
 * directory, resuming from its checkpoint when Spark retries them. Spark is a {@code provided}
 * dependency: the Spark a cluster runs supplies it.
 */
package io.dsml.cluster;
