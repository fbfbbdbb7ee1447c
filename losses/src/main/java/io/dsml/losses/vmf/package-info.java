/**
 * The paper's von Mises-Fisher loss: shared concentration, class mean directions as normalised
 * resultants refreshed from the training set, nearest-mean-direction classification.
 */
package io.dsml.losses.vmf;
