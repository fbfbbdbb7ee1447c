package io.dsml.app.grid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmbedShardsTest {
    @Test
    void largeCollectionsAreCutIntoWholeBatchesInOrder() {
        // 1000 images, 3 shards, batches of 128: ceil(1000/3) = 334 rounded up to 384
        assertThat(EmbedShards.plan(1000, 3, 128))
                .containsExactly(
                        new EmbedShards.Shard(0, 0, 384),
                        new EmbedShards.Shard(1, 384, 384),
                        new EmbedShards.Shard(2, 768, 232));
    }

    @Test
    void smallCollectionsAreSplitEvenlyAndNoShardIsEmpty() {
        assertThat(EmbedShards.plan(37, 2, 128))
                .containsExactly(new EmbedShards.Shard(0, 0, 19), new EmbedShards.Shard(1, 19, 18));
        List<EmbedShards.Shard> few = EmbedShards.plan(3, 8, 128);
        assertThat(few).hasSize(3).allMatch(s -> s.size() == 1);
        assertThat(few.get(2).fileName()).isEqualTo("embeddings-00002.npy");
    }
}
