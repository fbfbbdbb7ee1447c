/**
 * Reading the weights files researchers download, without Python: PyTorch {@code .pth} files
 * (zip and legacy formats, through a restricted unpickler that builds tensors and dictionaries and
 * refuses every other Python global), {@code .safetensors} and NumPy {@code .npz}; and mapping
 * their tensors by name onto a dsml backbone through one small table of layer names per
 * architecture.
 */
package io.dsml.backbones.weights;
