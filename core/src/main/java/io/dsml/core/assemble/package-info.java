/**
 * Building a cell's parts from its components: the embedding network (backbone and head), the
 * loss and the batch sampler, and the trainable {@link io.dsml.core.train.Cell}. The run trains
 * what it builds here, and a saved model (dsml-api's {@code TrainedCell}) is rebuilt
 * here from its {@code model.json}, so both get the very same network. Depends on the training
 * and model packages only, so that the run and the export can both use it.
 */
package io.dsml.core.assemble;
