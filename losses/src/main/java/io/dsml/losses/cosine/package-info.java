/**
 * Softmax losses on cosines to learned class weights: normalised softmax, CosFace and ArcFace.
 * Their class weights are a gradient-learned parameter of the loss block.
 */
package io.dsml.losses.cosine;
