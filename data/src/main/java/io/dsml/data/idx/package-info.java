/** The idx file format of MNIST and Fashion-MNIST. */
package io.dsml.data.idx;
