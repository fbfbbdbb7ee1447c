package io.dsml.backbones.weights;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The tensors of a weights file in another framework's format, by name, the way a state_dict
 * names them. The format is recognised from the file's first bytes, not its extension:
 *
 * <ul>
 *   <li>PyTorch {@code .pth}/{@code .pt}: zip format, or the legacy pickle sequence;
 *   <li>{@code .safetensors};
 *   <li>NumPy {@code .npz}.
 * </ul>
 *
 * Normalisation, so that the files people actually have load: a checkpoint dict holding {@code
 * state_dict} (or {@code model}) is unwrapped; the {@code module.} prefix that DataParallel adds is
 * stripped; {@code num_batches_tracked} counters and classifier or auxiliary heads ({@code fc.*},
 * {@code last_linear.*}, {@code aux*}, {@code AuxLogits.*}) are dropped, since a backbone has none.
 */
public final class SourceWeights {
    private static final List<String> WRAPPERS = List.of("state_dict", "model");
    private static final List<String> DROPPED_PREFIXES = List.of("fc.", "last_linear.", "aux", "AuxLogits.");
    private static final String DATA_PARALLEL = "module.";

    private SourceWeights() {}

    /**
     * Whether {@code file} is in one of the formats read here (rather than DJL's own).
     *
     * @throws DsmlException if the file cannot be read
     */
    public static boolean isForeign(Path file) {
        return format(file) != Format.NONE;
    }

    private enum Format {
        ZIP,
        PICKLE,
        SAFETENSORS,
        NONE
    }

    private static Format format(Path file) {
        byte[] head;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
            size = Files.size(file);
        } catch (IOException e) {
            throw new DsmlException("weights: cannot read " + file + ": " + e.getMessage());
        }
        if (head.length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return Format.ZIP;
        }
        if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
            return Format.PICKLE;
        }
        return SafeTensors.looksLike(ByteBuffer.wrap(head), size) ? Format.SAFETENSORS : Format.NONE;
    }

    /**
     * Reads and normalises the tensors of {@code file}.
     *
     * @throws DsmlException naming the file if it is unreadable, malformed, not a state_dict, or a
     *     pickle that asks for anything but tensors
     */
    public static Map<String, SourceTensor> read(Path file) {
        try {
            return normalise(file, raw(file));
        } catch (IOException e) {
            throw new DsmlException("weights: cannot read " + file + ": " + e.getMessage());
        }
    }

    private static Map<String, SourceTensor> raw(Path file) throws IOException {
        switch (format(file)) {
            case ZIP:
                try (ZipFile zip = new ZipFile(file.toFile())) {
                    boolean torch = zip.stream().anyMatch(e -> e.getName().endsWith("data.pkl"));
                    return torch ? tensors(file, TorchCheckpoint.readZip(file, zip)) : NpzWeights.read(file, zip);
                } catch (ZipException e) {
                    throw new DsmlException(file + ": malformed zip: " + e.getMessage());
                }
            case PICKLE:
                return tensors(file, TorchCheckpoint.readLegacy(file));
            case SAFETENSORS:
                return SafeTensors.read(file);
            default:
                throw new DsmlException(file + ": not a PyTorch .pth (zip or legacy), .safetensors or .npz file");
        }
    }

    /** The state_dict inside a PyTorch object: the object itself, or its {@code state_dict} entry. */
    private static Map<String, SourceTensor> tensors(Path file, Object root) {
        if (!(root instanceof Map<?, ?> map)) {
            throw new DsmlException(file + ": holds a " + kind(root) + ", not a state_dict (a dict of tensors)");
        }
        for (String wrapper : WRAPPERS) {
            if (map.get(wrapper) instanceof Map<?, ?> inner) {
                return tensors(file, inner);
            }
        }
        Map<String, SourceTensor> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof TorchPickle.TensorRef ref)) {
                throw new DsmlException(file + ": entry " + name + " is a " + kind(e.getValue())
                        + ", not a tensor; expected a state_dict or a checkpoint with a 'state_dict' entry");
            }
            out.put(name, TorchCheckpoint.materialise(file, name, ref));
        }
        return out;
    }

    private static String kind(Object o) {
        return o == null
                ? "None"
                : o instanceof Map
                        ? "dict"
                        : o instanceof List ? "list" : o.getClass().getSimpleName();
    }

    private static Map<String, SourceTensor> normalise(Path file, Map<String, SourceTensor> tensors) {
        Map<String, SourceTensor> out = new LinkedHashMap<>();
        for (SourceTensor t : tensors.values()) {
            String name = t.name().startsWith(DATA_PARALLEL) ? t.name().substring(DATA_PARALLEL.length()) : t.name();
            if (name.endsWith("num_batches_tracked")
                    || DROPPED_PREFIXES.stream().anyMatch(name::startsWith)) {
                continue;
            }
            out.put(name, new SourceTensor(name, t.shape(), t.values()));
        }
        if (out.isEmpty()) {
            throw new DsmlException(file + ": no backbone tensors in the file");
        }
        return out;
    }
}
