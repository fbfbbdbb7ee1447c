/**
 * The image pipeline of file-based datasets: decoding JPEG and PNG files to RGB ({@link
 * io.dsml.data.pipeline.ImageDecoder}), choosing a crop box per sample ({@link
 * io.dsml.data.pipeline.ImagePipeline}) and resampling that box into a normalised float tensor in
 * one antialiased pass ({@link io.dsml.data.pipeline.Resampler}). Everything runs inside {@code
 * LabeledImages.read}, so the trainer's parallel prefetch overlaps decoding with the training step.
 */
package io.dsml.data.pipeline;
