/** MNIST and Fashion-MNIST from idx files, and the bundled quickstart data. */
package io.dsml.data.mnist;
