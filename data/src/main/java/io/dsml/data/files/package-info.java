/**
 * Datasets stored as image files plus index files: the entries an index lists ({@link
 * io.dsml.data.files.ImageEntry}), parsing of whitespace-separated index files with file:line
 * messages ({@link io.dsml.data.files.TextTable}), checking that listed images exist and are
 * readable ({@link io.dsml.data.files.ImageChecks}), and lazily decoded images ({@link
 * io.dsml.data.files.FileImages}).
 */
package io.dsml.data.files;
