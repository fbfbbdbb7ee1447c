/**
 * Benchmarks of the training path: {@code dsml bench train} times the real dsml training step
 * against a plain DJL loop on the same network, batch and optimizer, in one JVM.
 */
package io.dsml.app.bench;
