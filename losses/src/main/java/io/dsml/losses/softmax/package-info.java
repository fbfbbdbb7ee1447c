/** The softmax cross-entropy baseline on a linear classifier. */
package io.dsml.losses.softmax;
