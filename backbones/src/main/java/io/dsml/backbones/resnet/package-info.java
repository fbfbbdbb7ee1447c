/**
 * ResNet-18, -34 and -50 (He et al. 2016) as torchvision builds them (stride in the bottleneck's
 * 3x3 convolution, "v1.5"), with an ImageNet stem or a CIFAR stem.
 */
package io.dsml.backbones.resnet;
