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
 * short) an error instead of a silently different result. The header records its {@link Owner}:
 * the fingerprint of the configuration the cell was trained with, the cell's id and its seed, so a
 * resume with a changed configuration, or from another cell's checkpoint, is refused.
 *
 * <p>Versions: 2 recorded the fingerprint only (still read, its cell unknown); 3 adds the cell's
 * id and seed.
 */
public final class Checkpoint {
    private static final String MAGIC = "dsml-checkpoint";
    private static final int VERSION = 3; // 3: the owning cell's id and seed
    private static final int FINGERPRINT_ONLY = 2; // 2: configuration fingerprint, SHA-256 trailer
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
    public record Header(String configFingerprint, Position position, Owner owner) {
        /** A header without a cell (a version-2 checkpoint's). */
        public Header(String configFingerprint, Position position) {
            this(configFingerprint, position, new Owner(configFingerprint, null, null));
        }
    }

    /**
     * What a checkpoint belongs to.
     *
     * @param configFingerprint the fingerprint of the configuration (empty: none given)
     * @param cellId the cell's id, or {@code null} when the checkpoint predates cell binding
     * @param seed the cell's seed, or {@code null} when the checkpoint predates cell binding
     */
    public record Owner(String configFingerprint, String cellId, Long seed) {
        /**
         * Why a checkpoint of this owner cannot resume {@code cell}'s training, or {@code null} if
         * it can. A checkpoint that records no cell (made before cells were recorded, or by a
         * caller that gave none) is checked on what it records.
         */
        public String mismatch(Owner cell) {
            if (cellId != null && !cellId.isEmpty() && !cell.cellId().isEmpty() && !cellId.equals(cell.cellId())) {
                return "it belongs to cell " + cellId + ", not " + cell.cellId();
            }
            if (seed != null && !seed.equals(cell.seed())) {
                return "it was trained with seed " + seed + ", not " + cell.seed();
            }
            return null;
        }
    }

    /** What to do about a damaged checkpoint; appended to the message. */
    private static final String REMEDY = "delete it to retrain the cell from its start";

    /** Writes a checkpoint atomically, without a configuration fingerprint. */
    public static void save(Path file, Position position, Block block, ResumableOptimizer optimizer, MetricLoss loss) {
        save(file, "", position, block, optimizer, loss);
    }

    /** Writes a checkpoint atomically, with a configuration fingerprint but no cell. */
    public static void save(
            Path file,
            String configFingerprint,
            Position position,
            Block block,
            ResumableOptimizer optimizer,
            MetricLoss loss) {
        save(file, new Owner(configFingerprint, "", 0L), position, block, optimizer, loss);
    }

    /**
     * Writes a checkpoint atomically, with a SHA-256 trailer ({@link ChecksummedFile}). If it
     * cannot be written (disk full, read-only), no temporary file stays and the previous
     * checkpoint is kept.
     *
     * @param owner the configuration, cell and seed the checkpoint belongs to
     * @throws DsmlException naming the file and the reason, if it cannot be written
     */
    public static void save(
            Path file, Owner owner, Position position, Block block, ResumableOptimizer optimizer, MetricLoss loss) {
        ChecksummedFile.write(file, "checkpoint", out -> {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeUTF(owner.configFingerprint());
            out.writeUTF(owner.cellId() == null ? "" : owner.cellId());
            out.writeLong(owner.seed() == null ? 0 : owner.seed());
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
        return load(file, null, block, optimizer, loss, manager);
    }

    /**
     * As {@link #load(Path, Block, ResumableOptimizer, MetricLoss, NDManager)}, refusing a
     * checkpoint that belongs to another cell than {@code cell}.
     *
     * @param cell the cell that resumes, or {@code null} to restore whatever the file holds
     */
    public static Position load(
            Path file, Owner cell, Block block, ResumableOptimizer optimizer, MetricLoss loss, NDManager manager) {
        try (DataInputStream in = ChecksummedFile.open(file, "checkpoint", REMEDY)) {
            Header header = readHeader(file, in);
            if (cell != null) {
                requireOwnedBy(file, header, cell);
            }
            Position position = header.position();
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

    /**
     * Refuses a checkpoint of another cell (copied or swapped between cell directories): resuming
     * from it would silently continue another seed's or another loss's training.
     *
     * @throws DsmlException naming the file
     */
    public static void requireOwnedBy(Path file, Header header, Owner cell) {
        String mismatch = header.owner().mismatch(cell);
        if (mismatch != null) {
            throw new DsmlException(file + ": not this cell's checkpoint (" + mismatch
                    + "; was it copied or swapped?); put the cell's own checkpoint back, or delete it to retrain "
                    + "the cell from its start");
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
        int version = MAGIC.equals(in.readUTF()) ? in.readInt() : -1;
        if (version != VERSION && version != FINGERPRINT_ONLY) {
            throw new DsmlException(
                    file + ": not a dsml checkpoint of version " + FINGERPRINT_ONLY + " or " + VERSION + "; " + REMEDY);
        }
        String fingerprint = in.readUTF();
        Owner owner = new Owner(fingerprint, null, null);
        if (version == VERSION) {
            String cellId = in.readUTF();
            long seed = in.readLong();
            // a checkpoint saved without a cell records an empty id: its seed means nothing either
            owner = cellId.isEmpty() ? owner : new Owner(fingerprint, cellId, seed);
        }
        try {
            return new Header(fingerprint, JSON.readValue(in.readUTF(), Position.class), owner);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException("its position record is not valid", e);
        }
    }

    private static String describe(Exception e) {
        return e instanceof IOException io ? IoFailure.reason(io) : e.toString();
    }

    /**
     * Parameters by name: their count, then per parameter its name, byte length and DJL's {@code
     * NDArray.encode} bytes (also the body of a model's {@code parameters.bin}). Loading copies
     * values into the existing arrays (DJL's {@code loadParameters} replaces them, which detaches
     * them from autograd and the optimizer).
     */
    public static void saveParameters(DataOutputStream out, Block block) throws IOException {
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
