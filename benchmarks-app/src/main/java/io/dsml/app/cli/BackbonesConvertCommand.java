package io.dsml.app.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import io.dsml.backbones.weights.SourceWeights;
import io.dsml.core.error.DsmlException;
import io.dsml.core.inject.Registries;
import io.dsml.core.params.Params;
import io.dsml.core.spi.BackboneFactory;
import io.dsml.core.spi.ImageShape;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsml backbones convert --arch NAME [--set KEY=VALUE...] --from FILE --out FILE.params}:
 * maps a PyTorch/safetensors/npz state_dict onto the backbone by name (as {@code weights: FILE}
 * does at every start) and saves the result in DJL's format, so that later runs load it without
 * parsing the source again. A file that does not fit fails with one line naming the first tensor
 * that does not (exit 2) and writes nothing.
 */
@Command(
        name = "convert",
        mixinStandardHelpOptions = true,
        description = "Convert a .pth/.safetensors/.npz state_dict into a DJL .params file for a backbone.")
final class BackbonesConvertCommand extends ComponentsCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    BackboneOptions backbone;

    @Option(names = "--from", required = true, paramLabel = "FILE", description = "The state_dict file.")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "FILE.params", description = "The DJL file to write.")
    Path out;

    @Option(
            names = "--input",
            paramLabel = "CxHxW",
            defaultValue = "3x224x224",
            description =
                    "Input shape the network is built for (default: ${DEFAULT-VALUE}); weights do not depend on it.")
    String input;

    @Override
    public Integer call() {
        if (backbone.params.containsKey("weights")) {
            throw new DsmlException("--set weights: give the source file with --from");
        }
        if (!Files.isRegularFile(from)) {
            throw new DsmlException("--from: no such file: " + from);
        }
        if (!SourceWeights.isForeign(from)) {
            throw new DsmlException("--from " + from + ": not a .pth, .safetensors or .npz file (a DJL .params file"
                    + " needs no conversion)");
        }
        refuseOverwritingTheSource(from, out);
        ImageShape shape = BackbonesCommand.ListCommand.parseShape(input);
        Block block = build(registries, backbone.arch, backbone.params, from, shape);
        try (NDManager manager = NDManager.newBaseManager()) {
            block.initialize(manager, DataType.FLOAT32, shape.batchShape(1));
            writeAtomically(block, out);
        }
        long tensors = block.getParameters().size();
        out().printf("%s: %d tensors of %s mapped by name; load with weights: %s%n", backbone.arch, tensors, from, out);
        return 0;
    }

    /**
     * Refuses an {@code --out} that is the source file, by any path (a symbolic or hard link, a
     * relative path, {@code ..}): the move into place would replace the source with its conversion.
     */
    private static void refuseOverwritingTheSource(Path from, Path out) {
        try {
            if (Files.exists(out) && Files.isSameFile(from, out)) {
                throw new DsmlException(
                        "--out " + out + " is the --from file " + from + "; give another path (nothing was written)");
            }
        } catch (IOException e) {
            throw new DsmlException("--out " + out + ": cannot compare with --from: " + e.getMessage());
        }
    }

    /** The backbone {@code arch} with {@code params} and {@code weights} set to {@code file}. */
    static Block build(Registries registries, String arch, Map<String, String> params, Path file, ImageShape shape) {
        BackboneFactory factory = registries.backbones().get(arch, "backbone");
        Map<String, String> all = new LinkedHashMap<>(params);
        all.put("weights", file.toString());
        return factory.create(Params.resolve(arch, factory.params(), all), shape);
    }

    /** Saves the parameters to a sibling temporary file, then moves it into place. */
    private static void writeAtomically(Block block, Path out) {
        Path dir = out.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
            try (OutputStream os = Files.newOutputStream(tmp);
                    DataOutputStream data = new DataOutputStream(os)) {
                block.saveParameters(data);
            }
            try {
                Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new DsmlException("--out " + out + ": cannot write: " + e.getMessage());
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // best effort: the temporary file is hidden and named after the output
                }
            }
        }
    }
}
