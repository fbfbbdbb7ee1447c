/**
 * The von Mises-Fisher loss of Scott, Gallagher and Mozer (ICCV 2021), {@code vmf-scott}: the
 * embedding's norm is its concentration, class weights are vMF distributions too, and the loss is
 * their bound with Bessel-function approximations and Monte-Carlo samples from the embedding's
 * vMF.
 */
package io.dsml.losses.vmfscott;
