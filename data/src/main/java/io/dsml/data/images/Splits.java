package io.dsml.data.images;

import io.dsml.core.data.SubsetImages;
import io.dsml.core.error.DsmlException;
import io.dsml.core.params.ParamSpec;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * Index selections that split protocols are made of, and the class-disjoint validation protocol
 * {@value #RETRIEVAL_VALIDATION}: the training part of a zero-shot split is divided by class into
 * a smaller training part and a validation part, so hyperparameters can be tuned without looking
 * at the test classes.
 */
public final class Splits {
    /** The split name of the class-disjoint validation protocol. */
    public static final String RETRIEVAL_VALIDATION = "retrieval-val";

    private Splits() {}

    /** The params of {@value #RETRIEVAL_VALIDATION}. */
    public static List<ParamSpec> validationSpecs() {
        return List.of(
                ParamSpec.real(
                        "validation_fraction",
                        0.2,
                        0.01,
                        0.99,
                        "split retrieval-val: fraction of the retrieval training classes held out for validation"),
                ParamSpec.integer(
                        "validation_seed",
                        0,
                        0,
                        null,
                        "split retrieval-val: seed of the choice of validation classes"));
    }

    /**
     * The {@value #RETRIEVAL_VALIDATION} protocol: training on the classes of {@code retrievalTrain}
     * that are not held out, testing on those that are, both relabelled densely.
     */
    public static DatasetSplits validation(LabeledImages retrievalTrain, Params params, String description) {
        double fraction = params.getDouble("validation_fraction");
        long seed = params.getInt("validation_seed");
        int[][] parts = holdOutClasses(retrievalTrain, fraction, seed);
        return new DatasetSplits(
                new SubsetImages(retrievalTrain, parts[0], true),
                new SubsetImages(retrievalTrain, parts[1], true),
                false,
                description + ", class-disjoint validation: " + fraction + " of the training classes, seed " + seed);
    }

    /**
     * Splits by class: {@code round(classes * fraction)} classes (at least one, and at least one
     * left), chosen at random under {@code seed}, go to the second part.
     *
     * @return {kept indices, held-out indices}, each ascending
     */
    public static int[][] holdOutClasses(LabeledImages data, double fraction, long seed) {
        int classes = data.classes();
        if (classes < 2) {
            throw new DsmlException("cannot hold out validation classes from " + classes + " class");
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            order.add(c);
        }
        Collections.shuffle(order, new Random(seed));
        int held = (int) Math.max(1, Math.min(classes - 1, Math.round(classes * fraction)));
        boolean[] heldOut = new boolean[classes];
        order.subList(0, held).forEach(c -> heldOut[c] = true);
        return new int[][] {byClass(data, c -> !heldOut[c]), byClass(data, c -> heldOut[c])};
    }

    /** Indices of samples whose label satisfies {@code keep}, in order. */
    public static int[] byClass(LabeledImages data, IntPredicate keep) {
        return java.util.stream.IntStream.range(0, data.size())
                .filter(i -> keep.test(data.label(i)))
                .toArray();
    }

    /**
     * A stratified random split: from each class, {@code round(n_c * testFraction)} samples go to
     * the test part. Deterministic under {@code seed}.
     *
     * @return {train indices, test indices}, each ascending
     */
    public static int[][] stratified(LabeledImages data, double testFraction, long seed) {
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> members : SubsetImages.indicesByClass(data)) {
            Collections.shuffle(members, random);
            int testCount = (int) Math.round(members.size() * testFraction);
            test.addAll(members.subList(0, testCount));
            train.addAll(members.subList(testCount, members.size()));
        }
        return new int[][] {sorted(train), sorted(test)};
    }

    private static int[] sorted(List<Integer> indices) {
        return indices.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
