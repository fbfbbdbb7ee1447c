/** CIFAR-10 and CIFAR-100, binary version. */
package io.dsml.data.cifar;
