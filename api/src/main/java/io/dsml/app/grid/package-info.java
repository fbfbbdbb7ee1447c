/**
 * Where an experiment's cells run: this process by default, or a backend found on the class path
 * ({@link io.dsml.app.grid.GridBackend}; the cluster module's runs them as Spark tasks), so the
 * command line and the quickstart never need Spark.
 */
package io.dsml.app.grid;
