package io.dsml.losses.vmf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.dsml.core.data.SubsetImages;
import io.dsml.core.spi.ImageShape;
import io.dsml.core.spi.LabeledImages;
import io.dsml.core.spi.RefreshPeriod;
import io.dsml.core.train.MetricTrainer;
import io.dsml.core.train.TrainingContext;
import io.dsml.core.train.TrainingListener;
import io.dsml.evaluation.EmbeddingSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The refresh before the first step, through the real trainer: the paper's global mode embeds every
 * training sample; online mode embeds a stratified sample of {@code online_initial_per_class} per
 * class, and its first means are exactly the normalised class resultants of that sample.
 */
class VmfInitialRefreshTest {
    private static final int SAMPLES = 96;

    @Test
    void globalModeEmbedsTheWholeTrainingSetBeforeTheFirstStep() {
        RecordingImages train = new RecordingImages(new VmfTrainingFixtures.SyntheticImages(SAMPLES, 1));
        VmfLoss loss = new VmfLoss(16, MeanDirectionMode.GLOBAL, new RefreshPeriod(1, 0), 3, 8, 4);
        InitialMeans initial = new InitialMeans(train, loss);

        new MetricTrainer().train(VmfTrainingFixtures.cell(loss, train, 1, initial));

        assertThat(initial.readBeforeFirstStep).hasSize(SAMPLES);
    }

    @Test
    void onlineModeStartsFromAStratifiedSampleAndItsResultants() {
        RecordingImages train = new RecordingImages(new VmfTrainingFixtures.SyntheticImages(SAMPLES, 1));
        VmfLoss loss = new VmfLoss(16, MeanDirectionMode.ONLINE, RefreshPeriod.onlyAtStart(), 3, 8, 4);
        InitialMeans initial = new InitialMeans(train, loss);

        new MetricTrainer().train(VmfTrainingFixtures.cell(loss, train, 1, initial));

        assertThat(initial.readBeforeFirstStep).hasSize(12);
        int[] perClass = new int[3];
        initial.readBeforeFirstStep.forEach(i -> perClass[train.label(i)]++);
        assertThat(perClass).containsExactly(4, 4, 4);
        assertThat(initial.means).hasSameSizeAs(initial.expected);
        for (int i = 0; i < initial.means.length; i++) {
            assertThat(initial.means[i])
                    .as("mean direction component %d", i)
                    .isCloseTo(initial.expected[i], offset(1e-5f));
        }
    }

    /**
     * Runs after the trainer's refresh listener, before the first step: records which samples the
     * refresh read, the means it set, and the normalised resultants of those samples' embeddings.
     */
    private static final class InitialMeans implements TrainingListener {
        private final RecordingImages train;
        private final VmfLoss loss;
        Set<Integer> readBeforeFirstStep;
        float[] means;
        float[] expected;

        InitialMeans(RecordingImages train, VmfLoss loss) {
            this.train = train;
            this.loss = loss;
        }

        @Override
        public void onTrainingBegin(TrainingContext context) {
            readBeforeFirstStep = train.stopRecording();
            means = loss.meanDirections().getArray().toFloatArray();
            int[] indices = readBeforeFirstStep.stream()
                    .mapToInt(Integer::intValue)
                    .sorted()
                    .toArray();
            EmbeddingSet sample = context.extractor().embed(new SubsetImages(train, indices, false));
            expected = normalisedResultants(
                    sample, loss.meanDirections().getArray().getShape().get(0));
        }
    }

    private static float[] normalisedResultants(EmbeddingSet set, long classes) {
        int dim = set.dim();
        double[] sums = new double[(int) classes * dim];
        for (int i = 0; i < set.n(); i++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += (double) set.data()[i * dim + j] * set.data()[i * dim + j];
            }
            for (int j = 0; j < dim; j++) {
                sums[set.labels()[i] * dim + j] += set.data()[i * dim + j] / Math.sqrt(norm);
            }
        }
        float[] out = new float[sums.length];
        for (int c = 0; c < classes; c++) {
            double norm = 0;
            for (int j = 0; j < dim; j++) {
                norm += sums[c * dim + j] * sums[c * dim + j];
            }
            for (int j = 0; j < dim; j++) {
                out[c * dim + j] = (float) (sums[c * dim + j] / Math.sqrt(norm));
            }
        }
        return out;
    }

    /** Records the indices read until told to stop (reads come from the prefetching thread). */
    private static final class RecordingImages implements LabeledImages {
        private final LabeledImages base;
        private final Set<Integer> read = ConcurrentHashMap.newKeySet();
        private volatile boolean recording = true;

        RecordingImages(LabeledImages base) {
            this.base = base;
        }

        Set<Integer> stopRecording() {
            recording = false;
            return Set.copyOf(read);
        }

        @Override
        public int size() {
            return base.size();
        }

        @Override
        public int classes() {
            return base.classes();
        }

        @Override
        public int label(int index) {
            return base.label(index);
        }

        @Override
        public ImageShape shape() {
            return base.shape();
        }

        @Override
        public void read(int index, float[] destination, int offset, boolean augment, Random random) {
            if (recording) {
                read.add(index);
            }
            base.read(index, destination, offset, augment, random);
        }
    }
}
