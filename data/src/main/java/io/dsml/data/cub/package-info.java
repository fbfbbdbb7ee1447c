/** Caltech-UCSD Birds-200-2011 from its official index files and image folder. */
package io.dsml.data.cub;
