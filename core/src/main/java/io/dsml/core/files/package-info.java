/**
 * Files that must never be half-written or silently damaged: atomic replacement through a
 * temporary file ({@link io.dsml.core.files.AtomicFile}), a checksum trailer that detects any change
 * or truncation ({@link io.dsml.core.files.ChecksummedFile}), an exclusive lock on a run directory
 * ({@link io.dsml.core.files.RunLock}), and I/O failures described in words ({@link
 * io.dsml.core.files.IoFailure}).
 */
package io.dsml.core.files;
