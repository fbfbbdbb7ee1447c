package io.dsml.data.cars;

import io.dsml.data.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.MatlabType;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Writes real MATLAB v5 files in the Cars196 layouts with mfl: field types as in the official
 * files (uint8 class and test, uint16 boxes, char paths). Image k (0-based) of class c is the
 * k-th image; the last image of every class is a test image.
 */
public final class CarsFixture {
    private CarsFixture() {}

    static Matrix scalar(MatlabType type, double value) {
        Matrix m = Mat5.newMatrix(1, 1, type);
        m.setDouble(0, value);
        return m;
    }

    static Cell classNames(int classes) {
        Cell names = Mat5.newCell(1, classes);
        for (int c = 0; c < classes; c++) {
            names.set(c, Mat5.newString("Car Model " + (c + 1) + " 2012"));
        }
        return names;
    }

    static void box(Struct s, int i) {
        s.set("bbox_x1", i, scalar(MatlabType.UInt8, 2));
        s.set("bbox_y1", i, scalar(MatlabType.UInt8, 3));
        s.set("bbox_x2", i, scalar(MatlabType.UInt16, 9));
        s.set("bbox_y2", i, scalar(MatlabType.UInt16, 8));
    }

    /** cars_annos.mat + car_ims/000001.jpg ... */
    public static Path full(Path dir, int classes, int perClass) {
        int n = classes * perClass;
        Struct annotations = Mat5.newStruct(1, n);
        for (int i = 0; i < n; i++) {
            String path = String.format("car_ims/%06d.jpg", i + 1);
            Fixtures.jpeg(dir.resolve(path), i);
            annotations.set("relative_im_path", i, Mat5.newString(path));
            box(annotations, i);
            annotations.set("class", i, scalar(MatlabType.UInt8, i / perClass + 1));
            annotations.set("test", i, scalar(MatlabType.UInt8, i % perClass == perClass - 1 ? 1 : 0));
        }
        MatFile mat =
                Mat5.newMatFile().addArray("annotations", annotations).addArray("class_names", classNames(classes));
        return write(mat, dir.resolve("cars_annos.mat"));
    }

    /** devkit/cars_train_annos.mat, devkit/cars_test_annos_withlabels.mat, devkit/cars_meta.mat, cars_train/, cars_test/ */
    public static Path devkit(Path dir, int classes, int perClass) {
        Struct train = Mat5.newStruct(1, classes * (perClass - 1));
        Struct test = Mat5.newStruct(1, classes);
        int t = 0;
        for (int c = 1; c <= classes; c++) {
            for (int k = 0; k < perClass; k++) {
                boolean isTest = k == perClass - 1;
                Struct s = isTest ? test : train;
                int i = isTest ? c - 1 : t++;
                String name = String.format("%05d.jpg", i + 1);
                Fixtures.jpeg(dir.resolve(isTest ? "cars_test" : "cars_train").resolve(name), c * 10 + k);
                box(s, i);
                s.set("class", i, scalar(MatlabType.UInt8, c));
                s.set("fname", i, Mat5.newString(name));
            }
        }
        write(Mat5.newMatFile().addArray("annotations", train), dir.resolve("devkit/cars_train_annos.mat"));
        write(Mat5.newMatFile().addArray("annotations", test), dir.resolve("devkit/cars_test_annos_withlabels.mat"));
        write(Mat5.newMatFile().addArray("class_names", classNames(classes)), dir.resolve("devkit/cars_meta.mat"));
        return dir;
    }

    static Path write(MatFile mat, Path file) {
        try {
            Files.createDirectories(file.getParent());
            Mat5.writeToFile(mat, file.toFile());
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
