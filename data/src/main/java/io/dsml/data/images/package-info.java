/**
 * In-memory image sets and split selections (stratified, by class); the subset view they return
 * is {@link io.dsml.core.data.SubsetImages}.
 */
package io.dsml.data.images;
