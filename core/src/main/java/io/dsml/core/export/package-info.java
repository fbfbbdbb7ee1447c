/**
 * A finished cell's model on disk, {@code cells/<id>/model/}: {@link
 * io.dsml.core.export.ModelDescription} ({@code model.json}: what to build and how images are fed
 * to it), {@link io.dsml.core.export.ParameterFile} ({@code parameters.bin}: every parameter by
 * name) and {@link io.dsml.core.export.Provenance} ({@code provenance.json}), written by {@link
 * io.dsml.core.export.ModelExport} when a cell finishes, and loaded again by dsml-api's {@code
 * TrainedCell}.
 */
package io.dsml.core.export;
