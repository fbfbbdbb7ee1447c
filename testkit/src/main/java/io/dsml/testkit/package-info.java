/**
 * Checks a loss plugin's own JUnit tests call: {@link io.dsml.testkit.GradientCheck} (autograd
 * against central finite differences) and {@link io.dsml.testkit.PluginCheck} (found through
 * {@link java.util.ServiceLoader}, evaluated by {@code dsml loss}, trained briefly by {@code dsml
 * reproduce quickstart}). Every failed check throws {@link java.lang.AssertionError}, which any
 * test framework reports as a failure; the kit itself depends on none.
 */
package io.dsml.testkit;
