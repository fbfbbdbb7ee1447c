/**
 * GoogLeNet (Inception v1, Szegedy et al. 2015), the paper's retrieval backbone, and BN-Inception
 * (Ioffe and Szegedy 2015), the later metric-learning standard, both as their Caffe releases lay
 * them out, without auxiliary heads or classifier.
 */
package io.dsml.backbones.inception;
