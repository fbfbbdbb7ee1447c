/** In-memory image sets, subset views with relabelling, and split selections. */
package io.dsml.data.images;
