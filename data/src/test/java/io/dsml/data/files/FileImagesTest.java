package io.dsml.data.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsml.core.data.Batch;
import io.dsml.core.data.BatchAssembler;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.data.cub.CubFixture;
import io.dsml.data.cub.CubProvider;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-based images under the trainer's own batch assembly: parallel, per-sample seeded. */
class FileImagesTest {
    @TempDir
    Path tmp;

    @Test
    void parallelAugmentedBatchesAreReproducibleAndVaryByEpoch() {
        CubFixture.write(tmp, 4, 6);
        CubProvider cub = new CubProvider();
        Params params = Params.resolve("p", cub.params(), Map.of("image_size", 8, "resize", 10));
        DatasetSplits s = cub.load(params, "retrieval", tmp);
        int[] indices = IntStream.range(0, s.train().size()).toArray();
        BatchAssembler assembler = new BatchAssembler(s.train(), true, 11);
        Batch first = assembler.assemble(indices, 5);
        Batch again = new BatchAssembler(s.train(), true, 11).assemble(indices, 5);
        Batch nextEpoch = assembler.assemble(indices, 6);
        assertThat(again.images()).containsExactly(first.images());
        assertThat(nextEpoch.images()).isNotEqualTo(first.images());
        assertThat(first.labels()).containsExactly(s.train().labels());
        Batch eval = new BatchAssembler(s.train(), false, 0).assemble(indices, 0);
        assertThat(new BatchAssembler(s.train(), false, 99).assemble(indices, 3).images())
                .containsExactly(eval.images());
    }
}
