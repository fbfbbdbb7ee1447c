package io.dsml.data.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.ImageShape;
import io.dsml.data.images.InMemoryImages;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every provider's loading ends in a {@link LoadReport}, which refuses an empty part. */
class LoadReportTest {
    private static InMemoryImages images(int count) {
        return new InMemoryImages(
                new byte[count * 4],
                new int[count],
                1,
                new ImageShape(1, 2, 2),
                new float[] {0},
                new float[] {1},
                false,
                0);
    }

    @Test
    void anEmptyTrainingOrTestPartIsRefused() {
        Path dir = Path.of("/data/x");
        assertThatThrownBy(() -> LoadReport.clean(new DatasetSplits(images(0), images(3), true, "x from /data/x"), dir))
                .isInstanceOf(DsmlException.class)
                .hasMessage("x from /data/x: the training part has no images");
        assertThatThrownBy(() -> LoadReport.clean(new DatasetSplits(images(3), images(0), true, "y"), dir))
                .hasMessage("y: the test part has no images");
        assertThat(LoadReport.clean(new DatasetSplits(images(1), images(1), true, "z"), dir)
                        .splits()
                        .train()
                        .size())
                .isEqualTo(1);
    }
}
