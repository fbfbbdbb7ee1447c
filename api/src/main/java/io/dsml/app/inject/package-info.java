/**
 * Guice assembly of every dsml module and plugin, found by ServiceLoader: one injector per entry
 * point (the command line, a Spark task, a Java API call).
 */
package io.dsml.app.inject;
