package io.dsml.backbones;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.ImageShape;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** User errors come back as one DsmlException line that says what would work. */
class BadInputTest {

    @Test
    void unknownBackboneListsTheKnownOnes() {
        assertThatThrownBy(() -> Nets.registries().backbones().get("resnet101", "backbones[0].name"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("backbones[0].name: unknown backbone 'resnet101'")
                .hasMessageContaining(
                        "bn-inception, conv-1, conv-2, conv-3, conv-4, googlenet, googlenet-torchvision, resnet18, resnet34, resnet50");
    }

    @Test
    void tooSmallInputNamesTheLayerAndTheSmallestThatFits() {
        assertThatThrownBy(() -> Nets.create("googlenet", Map.of(), new ImageShape(3, 32, 32)))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("googlenet: input 3x32x32 is too small: at pool")
                .hasMessageContaining("the smallest square input that fits is 3x47x47");
        assertThatThrownBy(() -> Nets.create("bn-inception", Map.of(), new ImageShape(3, 32, 32)))
                .hasMessageContaining("the smallest square input that fits is 3x63x63");
    }

    @Test
    void bnInceptionNeedsEvenMapsWhereItHalvesThemAndSaysWhichSizesFit() {
        assertThatThrownBy(() -> Nets.create("bn-inception", Map.of(), new ImageShape(3, 299, 299)))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("at inception 3c the strided branches give")
                .hasMessageContaining("square inputs that fit nearby: 3x294x294 and 3x319x319");
        // the sizes used in practice fit
        Nets.create("bn-inception", Map.of(), new ImageShape(3, 224, 224));
        Nets.create("bn-inception", Map.of(), new ImageShape(3, 227, 227));
        Nets.create("bn-inception", Map.of(), new ImageShape(3, 256, 256));
    }

    @Test
    void resNetsTakeAnySize() {
        assertThat(Nets.create("resnet50", Map.of(), new ImageShape(3, 1, 1))).isNotNull();
    }

    @Test
    void hyperparametersAreChecked() {
        assertThatThrownBy(() -> Nets.create("resnet18", Map.of("stem", "tiny"), new ImageShape(3, 32, 32)))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("resnet18.stem: 'tiny' is not one of imagenet|cifar");
        assertThatThrownBy(() -> Nets.create("googlenet", Map.of("freeze_stages", 5), new ImageShape(3, 64, 64)))
                .hasMessageContaining("googlenet.freeze_stages: 5 is outside [0, 4]");
    }
}
