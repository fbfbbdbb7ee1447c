package io.dsml.backbones.weights;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The restricted unpickler on hand-assembled pickles in the shapes Python 2 and 3 write for
 * state_dicts (pretrainedmodels' BN-Inception file was written by Python 2, whose strings are
 * SHORT_BINSTRING), opcode by opcode as the pickle module documents them.
 */
class TorchPickleTest {
    private static Object load(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            out.writeBytes(part.getBytes(StandardCharsets.ISO_8859_1));
        }
        return TorchPickle.load(ByteBuffer.wrap(out.toByteArray()), "t.pth", pid -> "storage:" + pid);
    }

    @Test
    void python2DictWithShortBinstringKeysAndMemo() {
        // {'a': 1, 'b': -2, 'c': <the value of 'a' via memo>} : EMPTY_DICT BINPUT MARK ... SETITEMS STOP
        Object value =
                load("\u0080\u0002}q\u0000(U\u0001aq\u0001K\u0001U\u0001bJ\u00fe\u00ff\u00ff\u00ffU\u0001ch\u0001u.");
        assertThat(value).isEqualTo(Map.of("a", 1L, "b", -2L, "c", "a"));
    }

    @Test
    void orderedDictThroughReduceKeepsOrderAndIgnoresItsMetadataState() {
        // collections.OrderedDict() REDUCE, then SETITEM z=1, SETITEM a=2, then BUILD {'_metadata': None}
        Object value = load(
                "\u0080\u0002ccollections\nOrderedDict\n)R",
                "X\u0001\u0000\u0000\u0000zK\u0001s",
                "X\u0001\u0000\u0000\u0000aK\u0002s",
                "}X\t\u0000\u0000\u0000_metadataNsb.");
        assertThat(value).isInstanceOf(Map.class);
        assertThat(List.copyOf(((Map<?, ?>) value).keySet())).isEqualTo(List.of("z", "a"));
    }

    @Test
    void rebuildTensorV2BuildsAViewOfThePersistentStorage() {
        // _rebuild_tensor_v2(persistent_load(('storage', FloatStorage, '0', 'cpu', 6)), 0, (2, 3), (3, 1), False, None)
        Object value = load(
                "\u0080\u0002ctorch._utils\n_rebuild_tensor_v2\n(",
                "(X\u0007\u0000\u0000\u0000storagectorch\nFloatStorage\nX\u0001\u0000\u0000\u00000",
                "X\u0003\u0000\u0000\u0000cpuK\u0006tQ",
                "K\u0000K\u0002K\u0003\u0086K\u0003K\u0001\u0086\u0089NtR.");
        assertThat(value).isInstanceOf(TorchPickle.TensorRef.class);
        TorchPickle.TensorRef ref = (TorchPickle.TensorRef) value;
        assertThat(ref.size()).containsExactly(2, 3);
        assertThat(ref.stride()).containsExactly(3, 1);
        assertThat((String) ref.storage())
                .startsWith("storage:Tuple[items=[storage, StorageType[dtype=F32], 0, cpu, 6]");
    }

    @Test
    void longsBooleansFloatsAndLists() {
        // [LONG1 -1, LONG1 2^64 (as 9 bytes), True, 0.5, None]
        Object value = load(
                "\u0080\u0002](\u008a\u0001\u00ff",
                "\u008a\u0009\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0001",
                "\u0088G\u003f\u00e0\u0000\u0000\u0000\u0000\u0000\u0000Ne.");
        List<?> list = (List<?>) value;
        assertThat(list.get(0)).isEqualTo(-1L);
        assertThat(list.get(1)).isEqualTo(java.math.BigInteger.ONE.shiftLeft(64));
        assertThat(list.get(2)).isEqualTo(Boolean.TRUE);
        assertThat(list.get(3)).isEqualTo(0.5);
        assertThat(list.get(4)).isNull();
    }
}
