/** A generic dataset of one folder per class, optionally under train/ and test/. */
package io.dsml.data.folder;
