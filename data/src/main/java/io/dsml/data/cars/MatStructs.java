package io.dsml.data.cars;

import io.dsml.core.error.DsmlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Reads the struct arrays of the Cars196 annotation files with mfl, turning every way a MAT file
 * can be wrong (absent, truncated, not MATLAB v5, missing variable or field, wrong type) into one
 * line naming the file and the element, MATLAB-style ({@code annotations(17).class}).
 */
final class MatStructs {
    private MatStructs() {}

    /** A struct array variable of a MAT file. */
    record StructArray(Path file, String variable, Struct struct) {
        int size() {
            return struct.getNumElements();
        }

        boolean has(String field) {
            return struct.getFieldNames().contains(field);
        }

        String where(int i, String field) {
            return file + ": " + variable + "(" + (i + 1) + ")." + field;
        }

        String text(int i, String field) {
            Array value = struct.get(field, i);
            if (value instanceof Char c) {
                return c.getString().strip();
            }
            throw new DsmlException(where(i, field) + " is not text (" + value.getType() + ")");
        }

        int integer(int i, String field) {
            Array value = struct.get(field, i);
            if (value instanceof Matrix m && m.getNumElements() == 1) {
                double v = m.getDouble(0);
                if (v == Math.rint(v) && Math.abs(v) < Integer.MAX_VALUE) {
                    return (int) v;
                }
                throw new DsmlException(where(i, field) + " = " + v + " is not an integer");
            }
            throw new DsmlException(where(i, field) + " is not a number (" + value.getType() + ", "
                    + value.getNumElements() + " elements)");
        }
    }

    /** Loads {@code file} whole; the annotation files are a few megabytes. */
    static MatFile open(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new DsmlException(file + ": no such file");
        }
        try {
            return Mat5.readFromFile(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DsmlException(file + ": not a readable MATLAB v5 file (truncated or corrupt?): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** The struct array {@code variable}, which must have {@code fields}. */
    static StructArray struct(Path file, MatFile mat, String variable, List<String> fields) {
        Array array = find(mat, variable);
        if (array == null) {
            throw new DsmlException(file + ": no variable '" + variable + "' (found: " + names(mat) + ")");
        }
        if (!(array instanceof Struct struct)) {
            throw new DsmlException(file + ": '" + variable + "' is a " + array.getType() + ", not a struct array");
        }
        List<String> missing = new ArrayList<>(fields);
        missing.removeAll(struct.getFieldNames());
        if (!missing.isEmpty()) {
            throw new DsmlException(file + ": '" + variable + "' lacks the fields " + missing + " (has "
                    + struct.getFieldNames() + ")");
        }
        return new StructArray(file, variable, struct);
    }

    /**
     * The texts of a cell array variable (e.g. class_names, one car model name per class id), or
     * {@code null} if it is absent; an element that is not text has no name ({@code null}).
     */
    static List<String> cellTexts(MatFile mat, String variable) {
        if (!(find(mat, variable) instanceof Cell cell)) {
            return null;
        }
        List<String> texts = new ArrayList<>(cell.getNumElements());
        for (int i = 0; i < cell.getNumElements(); i++) {
            texts.add(cell.get(i) instanceof Char c ? c.getString().strip() : null);
        }
        return texts;
    }

    private static Array find(MatFile mat, String name) {
        for (MatFile.Entry entry : mat.getEntries()) {
            if (entry.getName().equals(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String names(MatFile mat) {
        List<String> names = new ArrayList<>();
        mat.getEntries().forEach(e -> names.add(e.getName()));
        return names.isEmpty() ? "nothing" : String.join(", ", names);
    }
}
