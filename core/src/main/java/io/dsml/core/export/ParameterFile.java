package io.dsml.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.dsml.core.error.DsmlException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A block's parameters by name, engine-independent: {@code "dsml-parameters"} (Java modified
 * UTF-8), version (int32), count (int32), then per parameter its name (modified UTF-8), a byte
 * length (int32) and the array in DJL's {@code NDArray.encode} format. Big-endian throughout
 * ({@link DataOutputStream}). Names are those of {@code Block.getParameters()}, which are fixed by
 * the block's structure, so a block built from the same description reads them back.
 */
public final class ParameterFile {
    private static final String MAGIC = "dsml-parameters";
    private static final int VERSION = 1;

    private ParameterFile() {}

    /** Writes every parameter of {@code block} to {@code file}. */
    public static void write(Path file, Block block) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(block.getParameters().size());
            for (Pair<String, Parameter> p : block.getParameters()) {
                out.writeUTF(p.getKey());
                byte[] bytes = p.getValue().getArray().encode();
                out.writeInt(bytes.length);
                out.write(bytes);
            }
        }
    }

    /**
     * Copies the values in {@code file} into the initialised parameters of {@code block}; every
     * parameter must be present with its shape.
     *
     * @throws DsmlException naming the file and the parameter that does not fit
     */
    public static void read(Path file, Block block, NDManager manager) {
        Map<String, Parameter> byName = new HashMap<>();
        block.getParameters().forEach(p -> byName.put(p.getKey(), p.getValue()));
        Set<String> seen = new HashSet<>();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw new DsmlException(file + ": not a dsml parameter file");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new DsmlException(file + ": parameter file version " + version + ", this dsml reads " + VERSION);
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                Parameter parameter = byName.get(name);
                if (parameter == null) {
                    throw new DsmlException(file + ": parameter " + name + " is not part of the model it describes");
                }
                try (NDArray saved = NDArray.decode(manager, bytes)) {
                    if (!saved.getShape().equals(parameter.getArray().getShape())) {
                        throw new DsmlException(file + ": parameter " + name + " has shape " + saved.getShape()
                                + ", the model needs " + parameter.getArray().getShape());
                    }
                    parameter.getArray().set(saved.toByteBuffer());
                }
                seen.add(name);
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new DsmlException(file + ": unreadable parameter file: " + e.getMessage());
        }
        if (seen.size() != byName.size()) {
            Set<String> missing = new HashSet<>(byName.keySet());
            missing.removeAll(seen);
            throw new DsmlException(file + ": parameters missing: " + String.join(", ", missing));
        }
    }
}
