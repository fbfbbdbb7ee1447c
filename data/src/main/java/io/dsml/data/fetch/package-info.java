/**
 * Downloads of official dataset files: streaming with progress, MD5 verification against the
 * published sums, and unpacking of .tar.gz and .zip archives without leaving the target folder.
 */
package io.dsml.data.fetch;
