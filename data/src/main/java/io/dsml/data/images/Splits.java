package io.dsml.data.images;

import io.dsml.core.spi.LabeledImages;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.IntPredicate;

/** Index selections that split protocols are made of. */
public final class Splits {
    private Splits() {}

    /** Indices of samples whose label satisfies {@code keep}, in order. */
    public static int[] byClass(LabeledImages data, IntPredicate keep) {
        return java.util.stream.IntStream.range(0, data.size()).filter(i -> keep.test(data.label(i))).toArray();
    }

    /**
     * A stratified random split: from each class, {@code round(n_c * testFraction)} samples go to
     * the test part. Deterministic under {@code seed}.
     *
     * @return {train indices, test indices}, each ascending
     */
    public static int[][] stratified(LabeledImages data, double testFraction, long seed) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < data.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < data.size(); i++) {
            byClass.get(data.label(i)).add(i);
        }
        Random random = new Random(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (List<Integer> members : byClass) {
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
