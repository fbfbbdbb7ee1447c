package io.dsml.backbones.pretrained;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.dsml.core.error.DsmlException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads backbone weights from DJL {@code .params} files: either what {@link
 * Block#saveParameters} writes, or a model file written by {@code Model.save} (a {@code DJL@}
 * header, then the same), or a DJL model directory holding {@code NAME-EPOCH.params} files, of
 * which the latest epoch is taken.
 *
 * <p>Before DJL reads anything into the network, the file's parameter records are listed (name
 * and shape, in order) and compared with the network's. DJL's own loader trusts the file's layout
 * and, on a file from another architecture, either silently takes arrays of the wrong shape or
 * misreads the byte stream; the comparison turns both into one message naming the first
 * parameter that differs.
 */
public final class WeightsFile {
    private static final Pattern EPOCH_FILE = Pattern.compile("(.+)-(\\d{4})\\.params");
    private static final byte[] ARRAY_MAGIC = "NDAR".getBytes(StandardCharsets.US_ASCII);
    private static final int ARRAY_VERSION = 3;
    private static final int MAX_NAME = 256;

    /** One parameter record of a file: the parameter's own name and the stored array's shape. */
    public record Entry(String name, Shape shape) {}

    private WeightsFile() {}

    /**
     * The {@code .params} file that {@code location} names.
     *
     * @throws DsmlException if it does not exist or a directory holds no single latest file
     */
    public static Path resolve(String location) {
        Path path = Path.of(location);
        if (Files.isRegularFile(path)) {
            return path;
        }
        if (!Files.isDirectory(path)) {
            throw new DsmlException("weights: no such file or directory: " + location);
        }
        return latestInDirectory(path);
    }

    private static Path latestInDirectory(Path dir) {
        List<Path> candidates;
        try (Stream<Path> files = Files.list(dir)) {
            candidates = files.filter(p -> p.getFileName().toString().endsWith(".params"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DsmlException("weights: cannot list " + dir + ": " + io.dsml.core.files.IoFailure.reason(e));
        }
        if (candidates.isEmpty()) {
            throw new DsmlException("weights: no .params file in " + dir);
        }
        Path best = null;
        String prefix = null;
        int bestEpoch = -1;
        for (Path p : candidates) {
            Matcher m = EPOCH_FILE.matcher(p.getFileName().toString());
            if (!m.matches()) {
                continue;
            }
            if (prefix != null && !prefix.equals(m.group(1))) {
                throw new DsmlException("weights: " + dir + " holds several models (" + prefix + ", " + m.group(1)
                        + "); name the .params file");
            }
            prefix = m.group(1);
            int epoch = Integer.parseInt(m.group(2));
            if (epoch > bestEpoch) {
                bestEpoch = epoch;
                best = p;
            }
        }
        if (best == null && candidates.size() == 1) {
            return candidates.get(0);
        }
        if (best == null) {
            throw new DsmlException("weights: " + dir + " holds several .params files; name one");
        }
        return best;
    }

    /**
     * The parameter records of a file, in order. Array data is skipped, not read.
     *
     * @throws DsmlException if the file cannot be read
     */
    public static List<Entry> scan(Path file) {
        try (FileChannel channel = FileChannel.open(file)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new DsmlException("weights: " + file + " is larger than 2 GiB");
            }
            return scan(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
        } catch (IOException e) {
            throw new DsmlException("weights: cannot read " + file + ": " + io.dsml.core.files.IoFailure.reason(e));
        }
    }

    /*
     * A record is Parameter.save's: char 'P', version byte 1, the name (writeUTF), then the
     * array as NDSerializer writes it (UTF "NDAR", int version, name flag [+ name], sparse format,
     * data type, shape, byte order, int byte count, data). The bytes between records (block
     * versions, input shapes) depend on each block's class, so records are found by their
     * signature and each array's data is jumped over.
     */
    private static List<Entry> scan(ByteBuffer buf) {
        List<Entry> entries = new ArrayList<>();
        int pos = 0;
        while (pos + 5 < buf.limit()) {
            int next = tryRecord(buf, pos, entries);
            pos = next > 0 ? next : pos + 1;
        }
        return entries;
    }

    /** Parses a record at {@code pos}; returns the position after it, or -1 if none starts there. */
    private static int tryRecord(ByteBuffer buf, int pos, List<Entry> entries) {
        if (buf.get(pos) != 0 || buf.get(pos + 1) != 'P' || buf.get(pos + 2) != 1) {
            return -1;
        }
        int nameLength = Short.toUnsignedInt(buf.getShort(pos + 3));
        int arrayStart = pos + 5 + nameLength;
        if (nameLength == 0 || nameLength > MAX_NAME || !isArrayHeader(buf, arrayStart)) {
            return -1;
        }
        String name = utf(buf, pos + 3);
        ByteBuffer view = buf.duplicate().position(arrayStart + 2 + ARRAY_MAGIC.length);
        int version = view.getInt();
        if (version != ARRAY_VERSION) {
            throw new DsmlException("weights: array encoding version " + version + " (parameter " + name
                    + "); this DJL reads version " + ARRAY_VERSION);
        }
        if (view.get() == 1) {
            skipUtf(view);
        }
        skipUtf(view); // sparse format
        skipUtf(view); // data type
        Shape shape = shape(view);
        view.get(); // byte order
        int bytes = view.getInt();
        entries.add(new Entry(name, shape));
        return view.position() + bytes;
    }

    private static boolean isArrayHeader(ByteBuffer buf, int at) {
        if (at + 2 + ARRAY_MAGIC.length + 4 > buf.limit() || buf.getShort(at) != ARRAY_MAGIC.length) {
            return false;
        }
        for (int i = 0; i < ARRAY_MAGIC.length; i++) {
            if (buf.get(at + 2 + i) != ARRAY_MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static String utf(ByteBuffer buf, int at) {
        int length = Short.toUnsignedInt(buf.getShort(at));
        byte[] bytes = new byte[length];
        buf.duplicate().position(at + 2).get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skipUtf(ByteBuffer view) {
        int length = Short.toUnsignedInt(view.getShort());
        view.position(view.position() + length);
    }

    private static Shape shape(ByteBuffer view) {
        int dims = view.getInt();
        if (dims < 0 || dims > 16) {
            throw new DsmlException("weights: malformed array shape (" + dims + " dimensions)");
        }
        long[] sizes = new long[dims];
        for (int i = 0; i < dims; i++) {
            sizes[i] = view.getLong();
        }
        int layout = view.getInt();
        view.position(view.position() + 2 * layout);
        return new Shape(sizes);
    }

    /**
     * Loads {@code file} into the initialised {@code net}, replacing its arrays (on {@code
     * manager}) after checking every parameter's name and shape.
     *
     * @param arch the backbone's name, for messages
     * @throws DsmlException naming the first parameter that differs, or if the file is unreadable
     */
    public static void load(Block net, Path file, NDManager manager, String arch) {
        List<Pair<String, Parameter>> expected = net.getParameters().stream().toList();
        check(file, arch, expected, scan(file));
        Map<Parameter, NDArray> before = new IdentityHashMap<>();
        expected.forEach(p -> before.put(p.getValue(), p.getValue().getArray()));
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            skipModelHeader(in);
            net.loadParameters(manager, in);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            throw new DsmlException("weights: cannot load " + file + " into " + arch + ": " + e.getMessage(), e);
        }
        for (Pair<String, Parameter> p : expected) {
            Parameter parameter = p.getValue();
            NDArray old = before.get(parameter);
            if (parameter.getArray() != old) {
                old.close();
            }
            // Loaded arrays arrive without gradients; trainable ones need them back.
            if (parameter.requiresGradient()) {
                parameter.getArray().setRequiresGradient(true);
            }
        }
        requireFinite(file, expected, manager);
    }

    /**
     * Refuses a file holding a NaN or infinite value: torch would give NaN features, dsml's relu
     * and max pooling would turn them into numbers without a sign. NaN and infinities survive a
     * sum, so one scalar per parameter crosses to the host.
     */
    private static void requireFinite(Path file, List<Pair<String, Parameter>> parameters, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            for (Pair<String, Parameter> p : parameters) {
                // in float64, so that large finite weights cannot overflow the sum
                NDArray wide = p.getValue().getArray().toType(DataType.FLOAT64, false);
                wide.attach(scope);
                NDArray sum = wide.sum();
                sum.attach(scope);
                if (!Double.isFinite(sum.getDouble())) {
                    throw new DsmlException("weights " + file + ": parameter " + p.getKey()
                            + " holds NaN or infinite values; weights must be finite");
                }
            }
        }
    }

    static void check(Path file, String arch, List<Pair<String, Parameter>> expected, List<Entry> found) {
        String where = "weights " + file + " do not match " + arch + ": ";
        for (int i = 0; i < expected.size(); i++) {
            String path = expected.get(i).getKey();
            Parameter parameter = expected.get(i).getValue();
            if (i >= found.size()) {
                throw new DsmlException(where + "the file ends after " + found.size() + " of " + expected.size()
                        + " parameters; first missing: " + path + " " + parameter.getShape());
            }
            Entry entry = found.get(i);
            if (!entry.name().equals(parameter.getName()) || !entry.shape().equals(parameter.getShape())) {
                throw new DsmlException(where + "parameter #" + (i + 1) + " " + path + " expects "
                        + parameter.getName() + " " + parameter.getShape() + ", the file has " + entry.name()
                        + " " + entry.shape());
            }
        }
        if (found.size() > expected.size()) {
            Entry extra = found.get(expected.size());
            throw new DsmlException(where + "the file has " + found.size() + " parameters, " + arch + " has "
                    + expected.size() + "; first extra: " + extra.name() + " " + extra.shape());
        }
    }

    /** Skips the header {@code Model.save} writes before the parameters, if there is one. */
    private static void skipModelHeader(DataInputStream in) throws IOException {
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        if (!"DJL@".equals(new String(magic, StandardCharsets.US_ASCII))) {
            in.reset();
            return;
        }
        int version = in.readInt();
        if (version != 1) {
            throw new IOException("unsupported DJL model file version " + version);
        }
        in.readUTF(); // model name
        in.readUTF(); // data type
        int inputs = in.readInt();
        for (int i = 0; i < inputs; i++) {
            in.readUTF();
            Shape.decode(in);
        }
        int properties = in.readInt();
        for (int i = 0; i < properties; i++) {
            in.readUTF();
            in.readUTF();
        }
    }
}
