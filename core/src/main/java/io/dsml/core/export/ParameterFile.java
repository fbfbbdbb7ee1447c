package io.dsml.core.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.ChecksummedFile;
import io.dsml.core.files.IoFailure;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
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
 * ({@link java.io.DataOutputStream}). Names are those of {@code Block.getParameters()}, which are
 * fixed by the block's structure, so a block built from the same description reads them back.
 *
 * <p>Version 2 (written now) ends with {@link ChecksummedFile}'s trailer, so that a changed byte
 * is refused before any value is used; version 1 files (no trailer) are still read. Every value
 * must be finite in either version: a NaN weight would only surface as NaN embeddings.
 */
public final class ParameterFile {
    private static final String MAGIC = "dsml-parameters";
    private static final int VERSION = 2;
    private static final int UNCHECKED_VERSION = 1;
    private static final String WHAT = "model parameter file";
    private static final String REMEDY = "restore the model directory from a copy or train the cell again";

    private ParameterFile() {}

    /** Writes every parameter of {@code block} to {@code file}, atomically, with a checksum. */
    public static void write(Path file, Block block) {
        ChecksummedFile.write(file, WHAT, out -> {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            io.dsml.core.train.Checkpoint.saveParameters(out, block);
        });
    }

    /**
     * Copies the values in {@code file} into the initialised parameters of {@code block}; every
     * parameter must be present with its shape and finite values.
     *
     * @throws DsmlException naming the file and the parameter that does not fit, or the damage
     */
    public static void read(Path file, Block block, NDManager manager) {
        int version = version(file);
        if (version == VERSION) {
            try (DataInputStream in = ChecksummedFile.open(file, WHAT, REMEDY)) {
                readBody(file, in, block, manager);
            } catch (IOException e) {
                throw unreadable(file, e);
            }
        } else if (version == UNCHECKED_VERSION) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
                readBody(file, in, block, manager);
            } catch (IOException e) {
                throw unreadable(file, e);
            }
        } else {
            throw new DsmlException(file + ": parameter file version " + version + ", this dsml reads versions "
                    + UNCHECKED_VERSION + " to " + VERSION);
        }
    }

    /** The version in the file's header, read before its checksum decides how the rest is read. */
    private static int version(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (!MAGIC.equals(in.readUTF())) {
                throw notParameters(file);
            }
            return in.readInt();
        } catch (java.io.UTFDataFormatException | java.io.EOFException e) {
            throw notParameters(file);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    private static void readBody(Path file, DataInputStream in, Block block, NDManager manager) throws IOException {
        Map<String, Parameter> byName = new HashMap<>();
        block.getParameters().forEach(p -> byName.put(p.getKey(), p.getValue()));
        Set<String> seen = new HashSet<>();
        in.readUTF(); // magic and version, checked by version()
        in.readInt();
        int count = in.readInt();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            byte[] bytes = ChecksummedFile.readBytes(in, "parameter " + name);
            Parameter parameter = byName.get(name);
            if (parameter == null) {
                throw new DsmlException(file + ": parameter " + name + " is not part of the model it describes");
            }
            try (NDArray saved = decode(file, name, manager, bytes)) {
                if (!saved.getShape().equals(parameter.getArray().getShape())) {
                    throw new DsmlException(file + ": parameter " + name + " has shape " + saved.getShape()
                            + ", the model needs " + parameter.getArray().getShape());
                }
                requireFinite(file, name, saved);
                parameter.getArray().set(saved.toByteBuffer());
            }
            seen.add(name);
        }
        if (seen.size() != byName.size()) {
            Set<String> missing = new HashSet<>(byName.keySet());
            missing.removeAll(seen);
            throw new DsmlException(file + ": parameters missing: " + String.join(", ", missing));
        }
    }

    private static NDArray decode(Path file, String name, NDManager manager, byte[] bytes) {
        try {
            return NDArray.decode(manager, bytes);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new DsmlException(file + ": parameter " + name + " is not a valid array encoding");
        }
    }

    private static void requireFinite(Path file, String name, NDArray values) {
        if (!values.getDataType().isFloating()) {
            return;
        }
        float[] floats = values.toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < floats.length; i++) {
            if (!Float.isFinite(floats[i])) {
                throw new DsmlException(file + ": parameter " + name + " holds " + floats[i] + " at element " + i
                        + " (a model's values must be finite)");
            }
        }
    }

    private static DsmlException notParameters(Path file) {
        return new DsmlException(file + ": not a dsml parameter file");
    }

    private static DsmlException unreadable(Path file, IOException e) {
        return new DsmlException(file + ": unreadable " + WHAT + ": " + IoFailure.reason(e));
    }
}
