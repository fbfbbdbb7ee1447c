/**
 * The Java API for applications: load a finished cell of a run ({@link
 * io.dsml.app.api.TrainedCell}), embed images with its test-time pipeline and network, classify
 * them with its loss, and search a {@link io.dsml.app.api.Gallery} of embeddings by cosine.
 */
package io.dsml.app.api;
