/**
 * Proxy-based losses: one learned proxy per class, a gradient-learned parameter of the loss
 * block. Proxy-NCA and proxy-anchor need no pairs in the batch.
 */
package io.dsml.losses.proxy;
