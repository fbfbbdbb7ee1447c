package io.dsml.backbones.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code .safetensors} files: an unsigned little-endian 64-bit header length, a JSON header
 * mapping each tensor's name to its {@code dtype}, {@code shape} and {@code data_offsets} (begin
 * and end, relative to the end of the header), then the raw little-endian data. The entry
 * {@code __metadata__} holds strings and is skipped.
 *
 * <p>The header is checked as the format's reference implementation does before any data is
 * read: at most {@value #MAX_HEADER_BYTES} bytes of JSON without duplicate keys, non-negative
 * integer dimensions whose element count fits 64 bits, and {@code data_offsets} inside the data
 * that hold exactly that many elements.
 */
final class SafeTensors {
    private static final Map<String, DType> DTYPES = Map.of(
            "F32", DType.F32,
            "F64", DType.F64,
            "F16", DType.F16,
            "BF16", DType.BF16,
            "I64", DType.I64,
            "I32", DType.I32,
            "I16", DType.I16,
            "I8", DType.I8,
            "U8", DType.U8,
            "BOOL", DType.BOOL);

    /** The reference implementation's header limit. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private SafeTensors() {}

    /** Whether the first bytes look like a safetensors header (length, then a JSON object). */
    static boolean looksLike(ByteBuffer head, long fileSize) {
        if (head.limit() < 9) {
            return false;
        }
        long length = head.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        return length > 1 && length <= fileSize - 8 && head.get(8) == '{';
    }

    /** The file's tensors, in header order. */
    static Map<String, SourceTensor> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new DsmlException(file + ": safetensors files over 2 GiB are not supported");
            }
            ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size())
                    .order(ByteOrder.LITTLE_ENDIAN);
            long declared = all.getLong(0);
            if (declared < 2 || declared > Math.min(MAX_HEADER_BYTES, all.limit() - 8L)) {
                throw new DsmlException(file + ": malformed safetensors header length " + declared);
            }
            int headerLength = (int) declared;
            byte[] header = new byte[headerLength];
            all.get(8, header);
            JsonNode root;
            try {
                root = JSON.readTree(new String(header, StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                throw new DsmlException(file + ": malformed safetensors header: "
                        + e.getOriginalMessage().replace('\n', ' '));
            }
            if (root == null || !root.isObject()) {
                throw new DsmlException(file + ": malformed safetensors header: not a JSON object");
            }
            ByteBuffer data =
                    all.slice(8 + headerLength, all.limit() - 8 - headerLength).order(ByteOrder.LITTLE_ENDIAN);
            Map<String, SourceTensor> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("__metadata__")) {
                    tensors.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), data));
                }
            }
            return tensors;
        }
    }

    private static SourceTensor tensor(Path file, String name, JsonNode info, ByteBuffer data) {
        DType dtype = DTYPES.get(info.path("dtype").asText());
        JsonNode shapeNode = info.path("shape");
        JsonNode offsets = info.path("data_offsets");
        if (dtype == null || !shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new DsmlException(file + ": tensor " + name + ": unsupported or malformed header entry " + info);
        }
        long[] shape = new long[shapeNode.size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = nonNegative(file, name, "shape", shapeNode.get(i));
            count = times(file, name, count, shape[i]);
        }
        long begin = nonNegative(file, name, "data_offsets", offsets.get(0));
        long end = nonNegative(file, name, "data_offsets", offsets.get(1));
        long bytes = times(file, name, count, dtype.size());
        if (begin > end || end > data.limit() || end - begin != bytes) {
            throw new DsmlException(file + ": tensor " + name + ": data_offsets [" + begin + ", " + end
                    + ") do not hold " + SourceTensor.describe(shape) + " of "
                    + info.path("dtype").asText() + " ("
                    + bytes + " bytes) inside the " + data.limit() + " bytes of data");
        }
        ByteBuffer slice = data.slice((int) begin, (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = dtype.read(slice, i);
        }
        return new SourceTensor(name, shape, values);
    }

    private static long nonNegative(Path file, String name, String field, JsonNode value) {
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new DsmlException(
                    file + ": tensor " + name + ": " + field + " holds " + value + ", not a non-negative integer");
        }
        return value.asLong();
    }

    private static long times(Path file, String name, long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            throw new DsmlException(file + ": tensor " + name + ": its size overflows 64 bits");
        }
    }
}
