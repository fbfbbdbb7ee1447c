package io.dsml.data.cars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.data.files.FileImages;
import io.dsml.data.pipeline.Box;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Struct;

class CarsProviderTest {
    private final CarsProvider cars = new CarsProvider();

    @TempDir
    Path tmp;

    private Params params() {
        return Params.resolve("dataset.params", cars.params(), Map.of("image_size", 8, "resize", 8, "bbox_crop", true));
    }

    @Test
    void fullLayoutGivesOfficialAndZeroShotSplits() {
        CarsFixture.full(tmp, 4, 3);
        DatasetSplits classification = cars.load(params(), "classification", tmp);
        assertThat(classification.train().size()).isEqualTo(8);
        assertThat(classification.test().size()).isEqualTo(4);
        assertThat(classification.test().labels()).containsExactly(0, 1, 2, 3);
        assertThat(classification.train().className(3)).contains("Car Model 4 2012"); // class_names
        DatasetSplits retrieval = cars.load(params(), "retrieval", tmp);
        FileImages train = (FileImages) retrieval.train();
        FileImages test = (FileImages) retrieval.test();
        assertThat(train.size()).isEqualTo(6);
        assertThat(test.size()).isEqualTo(6);
        assertThat(Arrays.stream(train.labels()).map(train::classId).distinct()).containsExactly(1, 2);
        assertThat(Arrays.stream(test.labels()).map(test::classId).distinct()).containsExactly(3, 4);
        assertThat(train.entry(0).file()).isEqualTo(tmp.resolve("car_ims/000001.jpg"));
        // MATLAB's 1-based inclusive (2,3)-(9,8) is the 8 x 6 box from (1, 2).
        assertThat(train.entry(0).bbox()).isEqualTo(new Box(1, 2, 8, 6));
        float[] pixels = new float[train.shape().size()];
        train.read(0, pixels, 0, true, new Random(3));
    }

    @Test
    void devkitLayoutReadsTrainAndLabelledTestAnnotations() {
        CarsFixture.devkit(tmp, 4, 3);
        DatasetSplits classification = cars.load(params(), "classification", tmp);
        assertThat(classification.train().size()).isEqualTo(8);
        assertThat(classification.test().size()).isEqualTo(4);
        assertThat(classification.test().classNames())
                .containsExactly(
                        "Car Model 1 2012",
                        "Car Model 2 2012",
                        "Car Model 3 2012",
                        "Car Model 4 2012"); // cars_meta.mat
        DatasetSplits retrieval = cars.load(params(), "retrieval", tmp.resolve("devkit"));
        assertThat(retrieval.train().size()).isEqualTo(6);
        // Zero-shot parts pool the devkit's train and test images: class 3 starts in cars_train/.
        FileImages test = (FileImages) retrieval.test();
        assertThat(test.entry(0).file()).isEqualTo(tmp.resolve("cars_train/00005.jpg"));
        assertThat(test.entry(5).file()).isEqualTo(tmp.resolve("cars_test/00004.jpg"));
    }

    @Test
    void unlabelledDevkitTestAnnotationsAreRejected() throws IOException {
        CarsFixture.devkit(tmp, 2, 2);
        Files.delete(tmp.resolve("devkit/cars_test_annos_withlabels.mat"));
        Struct test = Mat5.newStruct(1, 1);
        CarsFixture.box(test, 0);
        test.set("fname", 0, Mat5.newString("00001.jpg"));
        CarsFixture.write(Mat5.newMatFile().addArray("annotations", test), tmp.resolve("devkit/cars_test_annos.mat"));
        assertThatThrownBy(() -> cars.load(params(), "retrieval", tmp))
                .hasMessageStartingWith(tmp.resolve("devkit/cars_test_annos.mat") + ": has no 'class' field");
    }

    @Test
    void classOutOfRangeNamesTheElement() {
        CarsFixture.full(tmp, 2, 2);
        Struct annotations = Mat5.newStruct(1, 2);
        for (int i = 0; i < 2; i++) {
            annotations.set("relative_im_path", i, Mat5.newString("car_ims/00000" + (i + 1) + ".jpg"));
            CarsFixture.box(annotations, i);
            annotations.set("class", i, CarsFixture.scalar(MatlabType.UInt8, i == 1 ? 7 : 1));
            annotations.set("test", i, CarsFixture.scalar(MatlabType.UInt8, 0));
        }
        CarsFixture.write(
                Mat5.newMatFile()
                        .addArray("annotations", annotations)
                        .addArray("class_names", CarsFixture.classNames(2)),
                tmp.resolve("cars_annos.mat"));
        assertThatThrownBy(() -> cars.load(params(), "retrieval", tmp))
                .hasMessage(tmp.resolve("cars_annos.mat")
                        + ": annotations(2).class = 7 is outside 1-2 (class_names has 2 entries)");
    }

    /** An absolute path to an existing image of the set was read as it was. */
    @Test
    void absoluteImagePathNamesTheElement() {
        CarsFixture.full(tmp, 2, 2);
        Struct annotations = Mat5.newStruct(1, 2);
        for (int i = 0; i < 2; i++) {
            String path = "car_ims/00000" + (i + 1) + ".jpg";
            annotations.set(
                    "relative_im_path",
                    i,
                    Mat5.newString(i == 1 ? tmp.resolve(path).toString() : path));
            CarsFixture.box(annotations, i);
            annotations.set("class", i, CarsFixture.scalar(MatlabType.UInt8, 1));
            annotations.set("test", i, CarsFixture.scalar(MatlabType.UInt8, i));
        }
        CarsFixture.write(
                Mat5.newMatFile()
                        .addArray("annotations", annotations)
                        .addArray("class_names", CarsFixture.classNames(1)),
                tmp.resolve("cars_annos.mat"));
        assertThatThrownBy(() -> cars.load(params(), "classification", tmp))
                .hasMessageStartingWith(tmp.resolve("cars_annos.mat") + ": annotations(2).relative_im_path")
                .hasMessageContaining("is absolute");
    }

    @Test
    void missingFieldAndVariableAreNamed() {
        Struct annotations = Mat5.newStruct(1, 1);
        annotations.set("relative_im_path", 0, Mat5.newString("car_ims/000001.jpg"));
        CarsFixture.write(Mat5.newMatFile().addArray("annotations", annotations), tmp.resolve("cars_annos.mat"));
        assertThatThrownBy(() -> cars.load(params(), "retrieval", tmp))
                .hasMessageStartingWith(
                        tmp.resolve("cars_annos.mat") + ": 'annotations' lacks the fields [class, test, bbox_x1");
        CarsFixture.write(Mat5.newMatFile().addArray("annos", annotations), tmp.resolve("cars_annos.mat"));
        assertThatThrownBy(() -> cars.load(params(), "retrieval", tmp))
                .hasMessage(tmp.resolve("cars_annos.mat") + ": no variable 'annotations' (found: annos)");
    }

    @Test
    void truncatedMatFileIsReported() throws IOException {
        Path file = CarsFixture.full(tmp, 2, 2);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> cars.load(params(), "retrieval", tmp))
                .isInstanceOf(DsmlException.class)
                .hasMessageStartingWith(file + ": not a readable MATLAB v5 file");
    }

    @Test
    void missingImageNamesTheAnnotation() throws IOException {
        CarsFixture.full(tmp, 2, 2);
        Files.delete(tmp.resolve("car_ims/000003.jpg"));
        assertThatThrownBy(() -> cars.load(params(), "retrieval", tmp))
                .hasMessageStartingWith(tmp.resolve("car_ims/000003.jpg")
                        + ": image listed in cars_annos.mat annotations(3) but absent");
    }
}
