package io.dsml.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Padding the last batch of an inference pass must not change any embedding or prediction, and a
 * batch larger than the split must run it as one batch of the split's size.
 */
class EmbeddingExtractorTest {
    private static final int N = 10;

    @Test
    void paddedBatchesGiveTheSameEmbeddingsAndPredictionsAsOneBatch() {
        SequentialBlock net = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(5).build());
        try (Model model = Model.newInstance("extractor-test")) {
            model.setBlock(net);
            net.initialize(
                    model.getNDManager(), DataType.FLOAT32, IMAGES.shape().batchShape(4));
            EmbeddingExtractor.Extraction padded =
                    new EmbeddingExtractor(net, model.getNDManager(), 4).run(IMAGES, (store, e) -> e);
            EmbeddingExtractor.Extraction whole =
                    new EmbeddingExtractor(net, model.getNDManager(), N).run(IMAGES, (store, e) -> e);
            EmbeddingExtractor.Extraction larger =
                    new EmbeddingExtractor(net, model.getNDManager(), 16).run(IMAGES, (store, e) -> e);

            assertThat(padded.embeddings().n()).isEqualTo(N);
            assertThat(padded.embeddings().dim()).isEqualTo(5);
            float[] a = padded.embeddings().data();
            float[] b = whole.embeddings().data();
            assertThat(a).hasSize(N * 5);
            for (int i = 0; i < a.length; i++) {
                assertThat(a[i]).as("component %d", i).isCloseTo(b[i], offset(1e-5f));
            }
            assertThat(larger.embeddings().data()).containsExactly(b);
            assertThat(padded.predictions()).containsExactly(whole.predictions());
            assertThat(larger.predictions()).containsExactly(whole.predictions());
            assertThat(padded.embeddings().labels()).containsExactly(IMAGES.labels());
        }
    }

    /**
     * An inference pass holds no more than a layer's input and output at a time (ScopedForward):
     * holding every intermediate until the batch ended made a pass as large as a training step's
     * forward (ResNet-50 at 224, batch 16: about 2 GiB).
     */
    @Test
    void aPassFreesEachLayersIntermediatesAsItGoes() {
        java.util.List<Integer> open = new java.util.ArrayList<>();
        try (Model model = Model.newInstance("extractor-scope-test");
                ai.djl.ndarray.NDManager passes = ai.djl.ndarray.NDManager.newBaseManager()) {
            SequentialBlock net = new SequentialBlock()
                    .add(Blocks.batchFlattenBlock())
                    .add(Linear.builder().setUnits(6).build())
                    .add(ai.djl.nn.Activation::relu)
                    .add(Linear.builder().setUnits(6).build())
                    .add(ai.djl.nn.Activation::relu)
                    .add(Linear.builder().setUnits(5).build())
                    .add(x -> {
                        open.add(passes.getManagedArrays().size());
                        return x;
                    });
            model.setBlock(net);
            net.initialize(
                    model.getNDManager(), DataType.FLOAT32, IMAGES.shape().batchShape(4));
            new EmbeddingExtractor(net, passes, 4).embed(IMAGES);
        }
        assertThat(open).as("open arrays at the last layer, per batch").isNotEmpty();
        // the batch's images and the last layer's output, each counted in its scope and the
        // sub-scope that borrows it; without the scopes, every layer's output too
        assertThat(open)
                .as("open arrays at the last layer, per batch")
                .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(4));
    }

    @Test
    void theMonitorSeesEveryBatchAndCanStopAPassBetweenBatches() {
        SequentialBlock net = new SequentialBlock()
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
        try (Model model = Model.newInstance("extractor-monitor-test")) {
            model.setBlock(net);
            net.initialize(
                    model.getNDManager(), DataType.FLOAT32, IMAGES.shape().batchShape(4));
            java.util.List<String> seen = new java.util.ArrayList<>();
            new EmbeddingExtractor(
                            net,
                            model.getNDManager(),
                            4,
                            (done, batches, samples) -> seen.add(done + "/" + batches + " of " + samples))
                    .embed(IMAGES);
            assertThat(seen).containsExactly("0/3 of 10", "1/3 of 10", "2/3 of 10", "3/3 of 10");

            EmbeddingExtractor stopping =
                    new EmbeddingExtractor(net, model.getNDManager(), 4, (done, batches, samples) -> {
                        if (done == 1) {
                            throw new IllegalStateException("stop after " + done);
                        }
                    });
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> stopping.embed(IMAGES))
                    .hasMessage("stop after 1");
            // the pass's arrays were closed with their batch: the manager holds none of them
            assertThat(model.getNDManager().getManagedArrays())
                    .noneMatch(a -> a.getShape().get(0) == 4
                            && a.getShape().dimension() == 2
                            && a.getShape().get(1) == 5);
        }
    }

    /** Ten distinct 2x3 images, so a misplaced or duplicated row would show. */
    private static final LabeledImages IMAGES = new LabeledImages() {
        @Override
        public int size() {
            return N;
        }

        @Override
        public int classes() {
            return 2;
        }

        @Override
        public int label(int index) {
            return index % 2;
        }

        @Override
        public ImageShape shape() {
            return new ImageShape(1, 2, 3);
        }

        @Override
        public void read(int index, float[] destination, int offset, boolean augment, Random random) {
            Random values = new Random(index);
            for (int i = 0; i < 6; i++) {
                destination[offset + i] = (float) values.nextGaussian() + index;
            }
        }
    };
}
