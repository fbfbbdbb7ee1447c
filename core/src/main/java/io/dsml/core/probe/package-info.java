/** Evaluating a loss and its gradient on given embeddings, outside a training loop. */
package io.dsml.core.probe;
