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

    /** The largest {@code data.pkl} read: a state_dict's pickle holds about 200 bytes per tensor. */
    static final int MAX_PICKLE_BYTES = 256 << 20;

    /** The largest storage: what one Java array holds. */
    private static final long MAX_STORAGE_BYTES = Integer.MAX_VALUE - 8;

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

        /** Whole elements in the (root) storage. */
        long elements() {
            return data().limit() / dtype.size();
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
        if (pickle.getSize() > MAX_PICKLE_BYTES) {
            throw new DsmlException(file + ": " + pickle.getName() + " inflates to " + pickle.getSize()
                    + " bytes, beyond the " + MAX_PICKLE_BYTES + " a state_dict's pickle needs; not read");
        }
        byte[] bytes;
        try (InputStream in = zip.getInputStream(pickle)) {
            bytes = in.readNBytes(MAX_PICKLE_BYTES + 1);
        }
        if (bytes.length > MAX_PICKLE_BYTES) {
            throw new DsmlException(file + ": " + pickle.getName() + " inflates beyond the " + MAX_PICKLE_BYTES
                    + " bytes a state_dict's pickle needs; not read further");
        }
        Map<String, Storage> storages = new HashMap<>();
        return TorchPickle.load(ByteBuffer.wrap(bytes), file.toString(), pid -> {
            TorchPickle.Tuple id = storageId(file, pid, 5);
            String key = (String) id.get(2);
            DType dtype = ((TorchPickle.StorageType) id.get(1)).dtype();
            long bytesDeclared = storageBytes(file, key, id.get(4), dtype);
            return storages.computeIfAbsent(
                    key, k -> new Storage(dtype, k, zipStorage(file, zip, prefix, k, bytesDeclared)));
        });
    }

    /** A storage record's element count times its element size, refused if negative or over 2 GiB. */
    private static long storageBytes(Path file, String key, Object count, DType dtype) {
        if (!(count instanceof Long n) || n < 0 || n > MAX_STORAGE_BYTES / dtype.size()) {
            throw new DsmlException(file + ": storage " + key + " declares " + count + " elements of " + dtype.size()
                    + " bytes; a storage holds 0 to " + MAX_STORAGE_BYTES + " bytes");
        }
        return n * dtype.size();
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

    /**
     * The storage entry's bytes, exactly as many as its record declares: an entry whose declared
     * size differs is refused before it is inflated (torch writes each storage whole), and
     * inflating stops at the declared size whatever the entry's header claims, so that a small
     * file cannot inflate into gigabytes.
     */
    private static ByteBuffer zipStorage(Path file, ZipFile zip, String prefix, String key, long declared) {
        ZipEntry entry = zip.getEntry(prefix + "data/" + key);
        if (entry == null) {
            throw new DsmlException(
                    file + ": storage " + key + " is missing (no entry " + prefix + "data/" + key + ")");
        }
        if (entry.getSize() >= 0 && entry.getSize() != declared) {
            throw new DsmlException(file + ": storage " + key + " inflates to " + entry.getSize()
                    + " bytes, its record declares " + declared + "; not inflated");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) declared);
            if (bytes.length < declared || in.read() != -1) {
                throw new DsmlException(
                        file + ": storage " + key + " does not hold the " + declared + " bytes its record declares");
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
            throw new DsmlException(file + ": legacy PyTorch protocol "
                    + (protocol instanceof Long ? protocol : "(not an integer)") + " (this reader knows 1001)");
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
            if (storage == null || in.remaining() < Long.BYTES) {
                throw new DsmlException(file + ": malformed legacy file at storage " + key);
            }
            long bytes = storageBytes(file, String.valueOf(key), in.getLong(), storage.dtype);
            if (bytes > in.remaining()) {
                throw new DsmlException(file + ": malformed legacy file: storage " + key + " declares " + bytes
                        + " bytes, " + in.remaining() + " are left");
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
     * @throws DsmlException if the tensor's geometry is malformed (negative, overflowing 64 bits,
     *     as torch's "Storage size calculation overflowed"), reaches outside its storage, or holds
     *     more elements than its storage (a view that repeats elements is no weight, and would let a
     *     small file claim gigabytes)
     */
    static SourceTensor materialise(Path file, String name, TorchPickle.TensorRef ref) {
        if (!(ref.storage() instanceof Storage storage) || storage.data() == null) {
            throw new DsmlException(file + ": tensor " + name + " has no storage data");
        }
        long[] size = ref.size();
        long[] stride = ref.stride();
        String geometry = SourceTensor.describe(size) + " / strides " + SourceTensor.describe(stride) + " / offset "
                + ref.offset();
        if (size.length != stride.length
                || Arrays.stream(size).anyMatch(d -> d < 0)
                || Arrays.stream(stride).anyMatch(d -> d < 0)
                || ref.offset() < 0
                || storage.offset() < 0) {
            throw new DsmlException(file + ": tensor " + name + " has a malformed shape " + geometry);
        }
        long count = 1;
        long last = 0;
        try {
            last = Math.addExact(ref.offset(), storage.offset());
            for (int d = 0; d < size.length; d++) {
                count = Math.multiplyExact(count, size[d]);
                last = Math.addExact(last, size[d] == 0 ? 0 : Math.multiplyExact(size[d] - 1, stride[d]));
            }
        } catch (ArithmeticException e) {
            throw new DsmlException(file + ": tensor " + name + " has a shape " + geometry
                    + " whose storage size calculation overflows 64 bits");
        }
        ByteBuffer data = storage.data();
        if (count > storage.elements()) {
            throw new DsmlException(file + ": tensor " + name + " " + SourceTensor.describe(size) + " has " + count
                    + " elements, more than the " + storage.elements() + " of its storage " + storage.key);
        }
        if (count > 0 && last >= storage.elements()) {
            throw new DsmlException(file + ": tensor " + name + " " + SourceTensor.describe(size)
                    + " reaches beyond its storage " + storage.key + " of " + storage.elements() + " elements (strides "
                    + SourceTensor.describe(stride) + ", offset " + ref.offset() + ")");
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
