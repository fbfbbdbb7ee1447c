package io.dsml.backbones;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.dsml.backbones.profile.BlockProfile;
import io.dsml.core.spi.ImageShape;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parameter counts and forward cost against the published architectures, each with its
 * 1000-class ImageNet classifier added as the papers count it, at 224x224.
 */
class ParameterCountTest {
    private static final ImageShape IMAGENET = new ImageShape(3, 224, 224);

    /**
     * Parameters: torchvision's resnet18/34/50 (11,689,512 / 21,797,672 / 25,557,032); Caffe's
     * bvlc_googlenet without its two auxiliary classifiers (6,998,552; the paper's Table 1 sums to
     * about 6.8M because it rounds and leaves out biases); Caffe's BN-Inception as ported by
     * pretrainedmodels (11,295,240). Multiply-accumulates (0 = not checked): torchvision's 1.814 G,
     * 3.664 G and 4.089 G for the ResNets; 1.58 G for GoogLeNet in Caffe's layout (the paper rounds
     * to "1.5 billion multiply-adds"); torchvision's GoogLeNet without auxiliary heads (6,624,904, its
     * {@code num_params}; 1.50 G with 3x3 kernels in the "5x5" branch).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "resnet18, 11689512, 1.814",
        "resnet34, 21797672, 3.664",
        "resnet50, 25557032, 4.089",
        "googlenet, 6998552, 1.58",
        "googlenet-torchvision, 6624904, 1.50",
        "bn-inception, 11295240, 0"
    })
    void matchesThePublishedArchitecture(String name, long parameters, double gmacs) {
        Block classifier = new SequentialBlock()
                .add(Nets.create(name, Map.of(), IMAGENET))
                .add(Linear.builder().setUnits(1000).build());
        BlockProfile profile = BlockProfile.measure(classifier, IMAGENET);
        assertThat(profile.parameters()).isEqualTo(parameters);
        assertThat(profile.flops()).isEqualTo(2 * profile.macs());
        if (gmacs > 0) {
            assertThat(profile.macs() / 1e9).isBetween(gmacs * 0.98, gmacs * 1.02);
        }
    }

    @Test
    void googLeNetWithBatchNormSwapsEachBiasForScaleAndShift() {
        ImageShape input = new ImageShape(3, 64, 64);
        long withBn = BlockProfile.measure(Nets.create("googlenet", Map.of("batch_norm", true), input), input)
                .parameters();
        // 6,998,552 less the classifier, plus one value per output channel of each of its convolutions
        assertThat(withBn).isEqualTo(6_998_552L - 1_025_000L + 7_280L);
    }

    @Test
    void smallConvNetCostIsItsConvolutions() {
        ImageShape input = new ImageShape(1, 28, 28);
        BlockProfile profile = BlockProfile.measure(Nets.create("conv-1", Map.of(), input), input);
        assertThat(profile.parameters()).isEqualTo(9 * 32 + 32 + 2 * 32); // conv weight, bias, BN scale, shift
        assertThat(profile.macs()).isEqualTo(28L * 28 * 32 * 9);
    }
}
