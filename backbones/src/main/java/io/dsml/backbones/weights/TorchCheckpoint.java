package io.dsml.backbones.weights;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads what {@code torch.save} writes, through {@link TorchPickle}:
 *
 * <ul>
 *   <li>the zip format (PyTorch 1.6 and later): {@code PREFIX/data.pkl} holds the object, each
 *       storage is the entry {@code PREFIX/data/KEY}, raw little-endian;
 *   <li>the legacy format (older files, such as pretrainedmodels' BN-Inception): a sequence of
 *       pickles (magic number, protocol version, system info, the object, the sorted storage
 *       keys), then each storage as its element count (int64) and raw bytes, in key order.
 * </ul>
 *
 * The result is the pickled object with every tensor a {@link TorchPickle.TensorRef} whose
 * storage is a {@link Storage}; {@link #materialise} turns one into floats.
 */
final class TorchCheckpoint {
    /** The legacy format's first pickle: {@code torch.serialization.MAGIC_NUMBER}. */
    private static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private static final long LEGACY_PROTOCOL = 1001;

    /** A storage (or a view into one, in legacy files): typed elements, little-endian. */
    static final class Storage {
        private final DType dtype;
        private final String key;
        private ByteBuffer data;
        private final Storage root;
        private final long offset;

        Storage(DType dtype, String key, ByteBuffer data) {
            this(dtype, key, data, null, 0);
        }

        private Storage(DType dtype, String key, ByteBuffer data, Storage root, long offset) {
            this.dtype = dtype;
            this.key = key;
            this.data = data;
            this.root = root;
            this.offset = offset;
        }

        ByteBuffer data() {
            return root != null ? root.data() : data;
        }

        long offset() {
            return root != null ? offset : 0;
        }
    }

    private TorchCheckpoint() {}

    /** Reads a zip-format file (already known to be a zip holding {@code data.pkl}). */
    static Object readZip(Path file, ZipFile zip) throws IOException {
        ZipEntry pickle = findPickle(file, zip);
        String prefix = pickle.getName().substring(0, pickle.getName().length() - "data.pkl".length());
        byte[] bytes;
        try (InputStream in = zip.getInputStream(pickle)) {
            bytes = in.readAllBytes();
        }
        Map<String, Storage> storages = new HashMap<>();
        return TorchPickle.load(ByteBuffer.wrap(bytes), file.toString(), pid -> {
            TorchPickle.Tuple id = storageId(file, pid, 5);
            String key = (String) id.get(2);
            DType dtype = ((TorchPickle.StorageType) id.get(1)).dtype();
            long count = (Long) id.get(4);
            return storages.computeIfAbsent(
                    key, k -> new Storage(dtype, k, zipStorage(file, zip, prefix, k, dtype, count)));
        });
    }

    /** The shortest {@code .../data.pkl} entry (torch writes one, under the archive's name). */
    static ZipEntry findPickle(Path file, ZipFile zip) {
        ZipEntry best = null;
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            String name = entry.getName();
            if ((name.equals("data.pkl") || name.endsWith("/data.pkl"))
                    && (best == null || name.length() < best.getName().length())) {
                best = entry;
            }
        }
        if (best == null) {
            throw new DsmlException(file + ": a zip without data.pkl is not a PyTorch file");
        }
        return best;
    }

    private static ByteBuffer zipStorage(Path file, ZipFile zip, String prefix, String key, DType dtype, long count) {
        ZipEntry entry = zip.getEntry(prefix + "data/" + key);
        if (entry == null) {
            throw new DsmlException(
                    file + ": storage " + key + " is missing (no entry " + prefix + "data/" + key + ")");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length < count * dtype.size()) {
                throw new DsmlException(file + ": storage " + key + " has " + bytes.length + " bytes, its record says "
                        + count + " x " + dtype.size());
            }
            return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read storage " + key + ": " + e.getMessage());
        }
    }

    /** Reads a legacy-format file (starts with a pickle PROTO opcode). */
    static Object readLegacy(Path file) throws IOException {
        ByteBuffer in = map(file).order(ByteOrder.LITTLE_ENDIAN);
        String source = file.toString();
        Object magic = TorchPickle.load(in, source, TorchCheckpoint::noPersistentIds);
        if (!LEGACY_MAGIC.equals(magic instanceof Long l ? BigInteger.valueOf(l) : magic)) {
            throw new DsmlException(file + ": a pickle, but not a PyTorch file (no torch.save magic number)");
        }
        Object protocol = TorchPickle.load(in, source, TorchCheckpoint::noPersistentIds);
        if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) {
            throw new DsmlException(file + ": legacy PyTorch protocol " + protocol + " (this reader knows 1001)");
        }
        if (TorchPickle.load(in, source, TorchCheckpoint::noPersistentIds) instanceof Map<?, ?> info
                && Boolean.FALSE.equals(info.get("little_endian"))) {
            throw new DsmlException(file + ": saved on a big-endian machine; re-save it on a little-endian one");
        }
        Map<String, Storage> storages = new HashMap<>();
        Object root = TorchPickle.load(in, source, pid -> legacyStorage(file, pid, storages));
        if (!(TorchPickle.load(in, source, TorchCheckpoint::noPersistentIds) instanceof List<?> keys)) {
            throw new DsmlException(file + ": malformed legacy file (no storage key list after the object)");
        }
        for (Object key : keys) {
            Storage storage = storages.get(String.valueOf(key));
            long count = in.getLong();
            long bytes = count * (storage == null ? 1 : storage.dtype.size());
            if (storage == null || count < 0 || bytes > in.remaining()) {
                throw new DsmlException(file + ": malformed legacy file at storage " + key);
            }
            storage.data = in.slice().limit((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
            in.position(in.position() + (int) bytes);
        }
        return root;
    }

    private static Object legacyStorage(Path file, Object pid, Map<String, Storage> storages) {
        TorchPickle.Tuple id = storageId(file, pid, 6);
        DType dtype = ((TorchPickle.StorageType) id.get(1)).dtype();
        String key = (String) id.get(2);
        Storage root = storages.computeIfAbsent(key, k -> new Storage(dtype, k, null));
        if (!(id.get(5) instanceof TorchPickle.Tuple view)) {
            return root;
        }
        String viewKey = (String) view.get(0);
        long offset = (Long) view.get(1);
        return storages.computeIfAbsent(viewKey, k -> new Storage(dtype, k, null, root, offset));
    }

    private static TorchPickle.Tuple storageId(Path file, Object pid, int size) {
        if (!(pid instanceof TorchPickle.Tuple id)
                || id.size() < size - 1
                || !"storage".equals(id.get(0))
                || !(id.get(1) instanceof TorchPickle.StorageType)
                || !(id.get(2) instanceof String)) {
            throw new DsmlException(file + ": refused: a persistent id that is not a storage record");
        }
        return id;
    }

    private static Object noPersistentIds(Object pid) {
        throw new DsmlException("refused: a persistent id outside the object pickle");
    }

    private static ByteBuffer map(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new DsmlException(file + ": legacy files over 2 GiB are not supported");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
    }

    /**
     * The tensor's elements as floats, in C order, following its offset and strides.
     *
     * @throws DsmlException if the tensor reaches outside its storage
     */
    static SourceTensor materialise(Path file, String name, TorchPickle.TensorRef ref) {
        if (!(ref.storage() instanceof Storage storage) || storage.data() == null) {
            throw new DsmlException(file + ": tensor " + name + " has no storage data");
        }
        long[] size = ref.size();
        long[] stride = ref.stride();
        if (size.length != stride.length || Arrays.stream(size).anyMatch(d -> d < 0) || ref.offset() < 0) {
            throw new DsmlException(file + ": tensor " + name + " has a malformed shape " + SourceTensor.describe(size)
                    + " / strides " + SourceTensor.describe(stride));
        }
        long count = 1;
        long last = ref.offset() + storage.offset();
        for (int d = 0; d < size.length; d++) {
            count *= size[d];
            last += size[d] == 0 ? 0 : (size[d] - 1) * stride[d];
        }
        ByteBuffer data = storage.data();
        if (count > Integer.MAX_VALUE || (count > 0 && (last + 1) * storage.dtype.size() > data.limit())) {
            throw new DsmlException(file + ": tensor " + name + " " + SourceTensor.describe(size)
                    + " reaches beyond its storage " + storage.key);
        }
        float[] values = new float[(int) count];
        int[] index = new int[size.length];
        long position = ref.offset() + storage.offset();
        for (int i = 0; i < values.length; i++) {
            values[i] = storage.dtype.read(data, (int) position);
            // advance the multi-index, innermost dimension first
            for (int d = size.length - 1; d >= 0; d--) {
                position += stride[d];
                if (++index[d] < size[d]) {
                    break;
                }
                position -= stride[d] * size[d];
                index[d] = 0;
            }
        }
        return new SourceTensor(name, size, values);
    }
}
