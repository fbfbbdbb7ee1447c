package io.dsml.backbones;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.dsml.core.spi.ImageShape;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every backbone: output [B, F] in inference, and one forward + backward + update step, at small
 * inputs (the smallest that fit GoogLeNet and BN-Inception); ResNet-34 and -50 at width 16 to
 * keep the suite quick (their full widths are checked by {@link ParameterCountTest}).
 */
class BackboneShapesTest {

    static Stream<Arguments> backbones() {
        return Stream.of(
                Arguments.of("conv-2", Map.of(), new ImageShape(1, 28, 28), 64 * 7 * 7),
                Arguments.of("resnet18", Map.of(), new ImageShape(3, 32, 32), 512),
                Arguments.of("resnet18", Map.of("stem", "cifar", "width", 16), new ImageShape(3, 16, 16), 128),
                Arguments.of("resnet34", Map.of("width", 16), new ImageShape(3, 32, 32), 128),
                Arguments.of("resnet50", Map.of("width", 16), new ImageShape(3, 32, 32), 512),
                Arguments.of("googlenet", Map.of(), new ImageShape(3, 47, 47), 1024),
                Arguments.of("googlenet", Map.of("batch_norm", true), new ImageShape(3, 47, 47), 1024),
                Arguments.of("googlenet-torchvision", Map.of(), new ImageShape(3, 47, 47), 1024),
                Arguments.of("bn-inception", Map.of(), new ImageShape(3, 64, 64), 1024));
    }

    @ParameterizedTest(name = "{0} {1} at {2}")
    @MethodSource("backbones")
    void trainsOneStepAndEmitsOneFeatureVectorPerImage(
            String name, Map<String, ?> params, ImageShape input, int features) {
        Block block = Nets.create(name, params, input);
        assertThat(block.getOutputShapes(new Shape[] {input.batchShape(2)})[0]).isEqualTo(new Shape(2, features));
        AtomicReference<float[]> before = new AtomicReference<>();
        AtomicReference<float[]> after = new AtomicReference<>();
        AtomicReference<float[]> inference = new AtomicReference<>();
        // Inference runs before the step: after one SGD step on tiny maps (batch 2, 1x1 in the
        // last stage) BatchNorm's batch statistics can be degenerate and the weights blow up.
        Nets.Step step = Nets.trainOneStep(
                block,
                input,
                b -> {
                    before.set(firstWeight(b).getArray().toFloatArray());
                    inference.set(
                            Nets.inferInitialised(b, firstWeight(b).getArray().getManager(), 2, input));
                },
                b -> after.set(firstWeight(b).getArray().toFloatArray()));
        assertThat(step.output()).isEqualTo(new Shape(2, features));
        assertThat(Float.isFinite(step.loss())).isTrue();
        assertThat(after.get()).isNotEqualTo(before.get());
        assertThat(inference.get()).hasSize(2 * features);
        for (float v : inference.get()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }

    private static Parameter firstWeight(Block block) {
        List<Parameter> params = block.getParameters().values();
        return params.stream()
                .filter(p -> p.getType() == Parameter.Type.WEIGHT)
                .findFirst()
                .orElseThrow();
    }
}
