package io.dsml.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.ChecksummedFile;
import io.dsml.core.files.IoFailure;
import io.dsml.core.spi.MetricLoss;
import io.dsml.core.train.optim.ResumableOptimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One file holding everything a cell needs to continue exactly where it stopped: the position
 * (epochs done, steps into the current epoch, the running epoch loss), the block's parameters
 * (network, loss class state such as vMF mean directions, BatchNorm statistics), the optimizer's
 * moments and step counts, and the loss's non-parameter state (vMF online accumulators). Batch
 * order and augmentation are pure functions of (seed, epoch, position), so the position is the
 * whole random state. Written to a temporary file and renamed, so a kill never leaves half a
 * checkpoint; a SHA-256 trailer makes any later damage (flipped bits, an edited counter, a file cut
 * short) an error instead of a silently different result. The header records the fingerprint of
 * the configuration the cell was trained with, so a resume with a changed configuration is refused.
 */
public final class Checkpoint {
    private static final String MAGIC = "dsml-checkpoint";
    private static final int VERSION = 2; // 2: configuration fingerprint, SHA-256 trailer
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

    /**
     * What a checkpoint says about itself before its arrays.
     *
     * @param configFingerprint the fingerprint of the configuration it was made with (see {@code
     *     ConfigFingerprint}), or empty if its maker gave none
     * @param position where the run stands
     */
    public record Header(String configFingerprint, Position position) {}

    /** What to do about a damaged checkpoint; appended to the message. */
    private static final String REMEDY = "delete it to retrain the cell from its start";

    /** Writes a checkpoint atomically, without a configuration fingerprint. */
    public static void save(Path file, Position position, Block block, ResumableOptimizer optimizer, MetricLoss loss) {
        save(file, "", position, block, optimizer, loss);
    }

    /**
     * Writes a checkpoint atomically, with a SHA-256 trailer ({@link ChecksummedFile}). If it
     * cannot be written (disk full, read-only), no temporary file stays and the previous
     * checkpoint is kept.
     *
     * @param configFingerprint the fingerprint of the configuration the cell is trained with
     * @throws DsmlException naming the file and the reason, if it cannot be written
     */
    public static void save(
            Path file,
            String configFingerprint,
            Position position,
            Block block,
            ResumableOptimizer optimizer,
            MetricLoss loss) {
        ChecksummedFile.write(file, "checkpoint", out -> {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(configFingerprint);
            out.writeUTF(JSON.writeValueAsString(position));
            saveParameters(out, block);
            optimizer.save(out, namesById(block));
            loss.saveState(out);
        });
    }

    /**
     * Restores a checkpoint into an initialised block and optimizer; returns the position. The
     * checksum is verified before anything is restored.
     */
    public static Position load(
            Path file, Block block, ResumableOptimizer optimizer, MetricLoss loss, NDManager manager) {
        try (DataInputStream in = ChecksummedFile.open(file, "checkpoint", REMEDY)) {
            Position position = readHeader(file, in).position();
            loadParameters(in, block, manager);
            optimizer.load(in, manager, idsByName(block));
            loss.loadState(in);
            return position;
        } catch (DsmlException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DsmlException(file + ": cannot resume from this checkpoint (" + describe(e) + "); " + REMEDY);
        }
    }

    /** Reads only the position, e.g. to report progress; the checksum is verified. */
    public static Position peek(Path file) {
        return header(file).position();
    }

    /** Reads the header (fingerprint and position); the checksum is verified. */
    public static Header header(Path file) {
        try (DataInputStream in = ChecksummedFile.open(file, "checkpoint", REMEDY)) {
            return readHeader(file, in);
        } catch (DsmlException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DsmlException(file + ": unreadable checkpoint (" + describe(e) + "); " + REMEDY);
        }
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        if (!MAGIC.equals(in.readUTF()) || in.readInt() != VERSION) {
            throw new DsmlException(file + ": not a dsml checkpoint of version " + VERSION + "; " + REMEDY);
        }
        String fingerprint = in.readUTF();
        try {
            return new Header(fingerprint, JSON.readValue(in.readUTF(), Position.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("its position record is not valid", e);
        }
    }

    private static String describe(Exception e) {
        return e instanceof IOException io ? IoFailure.reason(io) : e.toString();
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
            byte[] bytes = ChecksummedFile.readBytes(in, "parameter " + name);
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
}
