package io.dsml.app.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsml backbones features --arch NAME [--set KEY=VALUE...] --weights FILE --input X.npy
 * --out F.npy}: the backbone's globally pooled features [n, F] in eval mode (BatchNorm on its
 * running statistics) for an already normalised float input [n, C, H, W]. With the same weights
 * file and input, another framework's features can be compared number for number.
 */
@Command(
        name = "features",
        mixinStandardHelpOptions = true,
        description = "Pooled eval-mode features [n, F] of a backbone with given weights for an input [n, C, H, W].")
final class BackbonesFeaturesCommand extends ComponentsCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BackboneOptions backbone;

    @Option(
            names = "--weights",
            required = true,
            paramLabel = "FILE",
            description = "DJL .params, or a .pth/.safetensors/.npz state_dict.")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "float32 images [n, C, H, W].")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "F.npy", description = "Where to write the features.")
    Path out;

    @Option(names = "--batch", defaultValue = "16", paramLabel = "N", description = "Images per forward pass.")
    int batch;

    @Override
    public Integer call() {
        if (backbone.params.containsKey("weights")) {
            throw new DsmlException("--set weights: give the file with --weights");
        }
        if (batch < 1) {
            throw new DsmlException("--batch must be at least 1, got " + batch);
        }
        if (!Files.exists(weights)) {
            throw new DsmlException("--weights: no such file or directory: " + weights);
        }
        NpyArray images = readImages(input);
        int[] s = images.shape();
        ImageShape shape = new ImageShape(s[1], s[2], s[3]);
        Block block = BackbonesConvertCommand.build(registries, backbone.arch, backbone.params, weights, shape);
        float[] pixels = images.asFloats();
        int n = s[0];
        int perImage = s[1] * s[2] * s[3];
        requireFinite(input, pixels, s);
        float[] features = null;
        int width = 0;
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, shape.batchShape(Math.min(batch, n)));
            ParameterStore store = new ParameterStore(manager, false);
            for (int start = 0; start < n; start += batch) {
                int count = Math.min(batch, n - start);
                try (NDManager scope = manager.newSubManager()) {
                    float[] chunk = Arrays.copyOfRange(pixels, start * perImage, (start + count) * perImage);
                    NDArray x = scope.create(chunk, new Shape(count, s[1], s[2], s[3]));
                    NDArray f = block.forward(store, new NDList(x), false).singletonOrThrow();
                    width = (int) f.getShape().get(1);
                    if (features == null) {
                        features = new float[n * width];
                    }
                    System.arraycopy(f.toFloatArray(), 0, features, start * width, count * width);
                }
            }
        }
        try {
            Npy.writeFloat(out, features, n, width);
        } catch (UncheckedIOException e) {
            throw new DsmlException("--out " + out + ": " + e.getMessage());
        }
        out().printf("%s: features [%d, %d] of %s written to %s%n", backbone.arch, n, width, input, out);
        return 0;
    }

    /**
     * Refuses a NaN or infinite pixel: torch's features would be NaN, dsml's would not (MXNet's relu
     * and max pooling turn NaN into numbers), so the output would be finite and wrong.
     */
    private static void requireFinite(Path file, float[] pixels, int[] shape) {
        for (int k = 0; k < pixels.length; k++) {
            if (!Float.isFinite(pixels[k])) {
                int w = k % shape[3];
                int h = k / shape[3] % shape[2];
                int c = k / (shape[3] * shape[2]) % shape[1];
                throw new DsmlException(file + ": image " + k / (shape[1] * shape[2] * shape[3]) + ", channel " + c
                        + ", row " + h + ", column " + w + " is " + pixels[k] + "; pixels must be finite");
            }
        }
    }

    private static NpyArray readImages(Path file) {
        NpyArray array;
        try {
            array = Npy.read(file);
        } catch (IOException | IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            throw new DsmlException(message.contains(file.toString()) ? message : file + ": " + message);
        }
        int[] s = array.shape();
        if (s.length != 4
                || s[0] < 1
                || !(array.descr().equals("<f4") || array.descr().equals("<f8"))) {
            throw new DsmlException(file + ": expected float32 images [n, C, H, W], got " + array.descr() + " of shape "
                    + Arrays.toString(s));
        }
        return array;
    }
}
