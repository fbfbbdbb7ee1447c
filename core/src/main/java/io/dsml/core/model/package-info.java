/**
 * The embedding network (backbone + embedding head + L2 normalisation) and the training block that
 * joins it to a loss, with the array arithmetic that losses and heads share ({@link
 * io.dsml.core.model.Rows}, {@link io.dsml.core.model.Scalars}).
 */
package io.dsml.core.model;
