package io.dsml.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.train.optim.ResumableOptimizer;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * One file holding everything a cell needs to continue exactly where it stopped: the position
 * (epochs done, steps into the current epoch, the running epoch loss), the block's parameters
 * (network, loss class state such as vMF mean directions, BatchNorm statistics), the optimizer's
 * moments and step counts, and the loss's non-parameter state (vMF online accumulators). Batch
 * order and augmentation are pure functions of (seed, epoch, position), so the position is the
 * whole random state. Written to a temporary file and renamed, so a kill never leaves half a
 * checkpoint.
 */
public final class Checkpoint {
    private static final String MAGIC = "dsml-checkpoint";
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoint() {}

    /**
     * Where a run stands.
     *
     * @param epochsDone completed epochs (including their evaluation)
     * @param stepsInEpoch optimizer steps done in epoch {@code epochsDone + 1}
     * @param steps optimizer steps in total
     * @param epochLossSum sum of the step losses of the current epoch so far
     * @param epochLossCount number of those steps
     * @param trainSeconds training time so far
     * @param lastMetrics the metrics of the last evaluation
     */
    public record Position(
            int epochsDone,
            int stepsInEpoch,
            long steps,
            double epochLossSum,
            int epochLossCount,
            double trainSeconds,
            Map<String, Double> lastMetrics) {
        public Position {
            lastMetrics = lastMetrics == null
                    ? Map.of()
                    : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lastMetrics));
        }
    }

    /** Writes a checkpoint atomically. */
    public static void save(Path file, Position position, Block block, ResumableOptimizer optimizer, MetricLoss loss) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(JSON.writeValueAsString(position));
            saveParameters(out, block);
            optimizer.save(out, namesById(block));
            loss.saveState(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + tmp, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            move(tmp, file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Restores a checkpoint into an initialised block and optimizer; returns the position. */
    public static Position load(
            Path file, Block block, ResumableOptimizer optimizer, MetricLoss loss, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            Position position = readHeader(file, in);
            loadParameters(in, block, manager);
            optimizer.load(in, manager, idsByName(block));
            loss.loadState(in);
            return position;
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new DsmlException(file + ": cannot resume from this checkpoint (" + e.getMessage()
                    + "); delete it to restart the cell");
        }
    }

    /** Reads only the position, e.g. to report progress. */
    public static Position peek(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return readHeader(file, in);
        } catch (IOException e) {
            throw new DsmlException(file + ": unreadable checkpoint: " + e.getMessage());
        }
    }

    private static Position readHeader(Path file, DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
            throw new DsmlException(file + ": not a dsml checkpoint of version " + VERSION);
        }
        return JSON.readValue(in.readUTF(), Position.class);
    }

    /**
     * Parameters by name. Loading copies values into the existing arrays (DJL's {@code
     * loadParameters} replaces them, which detaches them from autograd and the optimizer).
     */
    private static void saveParameters(DataOutputStream out, Block block) throws IOException {
        out.writeInt(block.getParameters().size());
        for (Pair<String, Parameter> p : block.getParameters()) {
            out.writeUTF(p.getKey());
            byte[] bytes = p.getValue().getArray().encode();
            out.writeInt(bytes.length);
            out.write(bytes);
        }
    }

    private static void loadParameters(DataInputStream in, Block block, NDManager manager) throws IOException {
        Map<String, Parameter> byName = new HashMap<>();
        block.getParameters().forEach(p -> byName.put(p.getKey(), p.getValue()));
        int count = in.readInt();
        if (count != byName.size()) {
            throw new IOException("it holds " + count + " parameters, the model has " + byName.size());
        }
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            Parameter parameter = byName.get(name);
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            if (parameter == null) {
                throw new IOException("unknown parameter " + name);
            }
            try (NDArray saved = NDArray.decode(manager, bytes)) {
                if (!saved.getShape().equals(parameter.getArray().getShape())) {
                    throw new IOException("parameter " + name + " has shape " + saved.getShape() + ", expected "
                            + parameter.getArray().getShape());
                }
                parameter.getArray().set(saved.toByteBuffer());
            }
        }
    }

    private static Map<String, String> namesById(Block block) {
        Map<String, String> names = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            names.put(p.getValue().getId(), p.getKey());
        }
        return names;
    }

    private static Map<String, String> idsByName(Block block) {
        Map<String, String> ids = new HashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            ids.put(p.getKey(), p.getValue().getId());
        }
        return ids;
    }

    private static void move(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
