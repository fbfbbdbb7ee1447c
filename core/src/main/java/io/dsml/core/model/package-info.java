/**
 * The embedding network (backbone + embedding head + L2 normalisation) and the training block that
 * joins it to a loss.
 */
package io.dsml.core.model;
