/**
 * What the large backbones share: a network as an ordered list of stages ending in global
 * pooling, their common hyperparameters ({@code weights}, {@code freeze_bn},
 * {@code freeze_stages}), loading DJL {@code .params} files with a check of every parameter's
 * shape, and freezing of BatchNorm statistics and lower stages.
 */
package io.dsml.backbones.pretrained;
