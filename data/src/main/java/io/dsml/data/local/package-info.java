/**
 * What dsml knows about datasets kept on the local disk beyond the core SPI: where to look, where
 * the official distribution is published, which files can be fetched and with which checksum, and
 * a load that reports skipped images. The {@code dsml datasets} commands are built on it.
 */
package io.dsml.data.local;
