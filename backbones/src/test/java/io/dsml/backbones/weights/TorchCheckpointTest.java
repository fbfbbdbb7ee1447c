package io.dsml.backbones.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Tensor views of storages (offsets, strides, bounds) and element conversions, by hand. */
class TorchCheckpointTest {
    private static final Path FILE = Path.of("w.pth");

    private static TorchCheckpoint.Storage floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return new TorchCheckpoint.Storage(DType.F32, "0", b);
    }

    @Test
    void aContiguousViewWithAnOffsetReadsItsElements() {
        TorchPickle.TensorRef ref =
                new TorchPickle.TensorRef(floats(9, 1, 2, 3, 4, 5, 6), 1, new long[] {2, 3}, new long[] {3, 1});
        SourceTensor t = TorchCheckpoint.materialise(FILE, "w", ref);
        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.values()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void aTransposedViewIsReadInItsOwnRowMajorOrder() {
        // storage holds [[1, 2, 3], [4, 5, 6]]; the tensor is its transpose, shape (3, 2), strides (1, 3)
        TorchPickle.TensorRef ref =
                new TorchPickle.TensorRef(floats(1, 2, 3, 4, 5, 6), 0, new long[] {3, 2}, new long[] {1, 3});
        assertThat(TorchCheckpoint.materialise(FILE, "w", ref).values()).containsExactly(1, 4, 2, 5, 3, 6);
    }

    @Test
    void aViewBeyondItsStorageIsRefused() {
        TorchPickle.TensorRef ref = new TorchPickle.TensorRef(floats(1, 2, 3), 1, new long[] {3}, new long[] {1});
        assertThatThrownBy(() -> TorchCheckpoint.materialise(FILE, "layer.weight", ref))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("tensor layer.weight (3) reaches beyond its storage");
    }

    @Test
    void stridesThatDoNotMatchTheShapeAreRefused() {
        TorchPickle.TensorRef ref = new TorchPickle.TensorRef(floats(1, 2, 3), 0, new long[] {3}, new long[] {1, 1});
        assertThatThrownBy(() -> TorchCheckpoint.materialise(FILE, "w", ref))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("tensor w has a malformed shape (3) / strides (1, 1)");
    }

    @Test
    void halfAndBfloat16ConvertExactly() {
        assertThat(DType.halfToFloat((short) 0x3c00)).isEqualTo(1f);
        assertThat(DType.halfToFloat((short) 0xc000)).isEqualTo(-2f);
        assertThat(DType.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(DType.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(DType.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(DType.halfToFloat((short) 0x3555)).isEqualTo(0.33325195f);
        ByteBuffer bf16 = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort(0, (short) 0x3fc0);
        assertThat(DType.BF16.read(bf16, 0)).isEqualTo(1.5f);
    }
}
