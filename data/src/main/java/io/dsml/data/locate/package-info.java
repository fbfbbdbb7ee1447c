/** Where dsml looks for a dataset's files, and the message when they are absent. */
package io.dsml.data.locate;
