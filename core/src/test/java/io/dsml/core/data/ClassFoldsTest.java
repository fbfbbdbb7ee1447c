package io.dsml.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsml.core.error.DsmlException;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.core.spi.LabeledImages;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClassFoldsTest {
    @Test
    void cutsTheOrderLikeNumpyArraySplit() {
        // numpy.array_split(range(10), 4) -> [0 1 2] [3 4 5] [6 7] [8 9]
        ClassFolds folds = ClassFolds.ofOrder(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 4);

        assertThat(folds.foldOfEachClass()).containsExactly(0, 0, 0, 1, 1, 1, 2, 2, 3, 3);
        assertThat(folds.validationClasses(2)).containsExactly(6, 7);
        assertThat(folds.trainingClasses(2)).containsExactly(0, 1, 2, 3, 4, 5, 8, 9);
    }

    @Test
    void followsAShuffledOrder() {
        // order 4 0 3 | 1 2 | 5 6: class 4 in fold 0, class 1 in fold 1 ...
        ClassFolds folds = ClassFolds.ofOrder(new int[] {4, 0, 3, 1, 2, 5, 6}, 3);

        assertThat(folds.foldOfEachClass()).containsExactly(0, 1, 1, 0, 0, 2, 2);
        assertThat(folds.validationClasses(0)).containsExactly(0, 3, 4);
        assertThat(folds.trainingClasses(0)).containsExactly(1, 2, 5, 6);
        assertThat(folds.trainingClasses(2)).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void splitsSamplesByTheirClassesFold() {
        // 3 classes, 2 folds from the order 2 0 | 1: fold 0 validates on classes 0 and 2
        int[] labels = {0, 1, 2, 1, 0, 2, 2};
        ClassFolds folds = ClassFolds.ofOrder(new int[] {2, 0, 1}, 2);

        DatasetSplits fold0 = folds.split(images(labels, 3), 0, "toy");
        DatasetSplits fold1 = folds.split(images(labels, 3), 1, "toy");

        assertThat(baseIndices(fold0.train())).containsExactly(1, 3);
        assertThat(baseIndices(fold0.test())).containsExactly(0, 2, 4, 5, 6);
        assertThat(labels(fold0.test())).containsExactly(0, 1, 0, 1, 1); // classes 0, 2 relabelled 0, 1
        assertThat(labels(fold0.train())).containsExactly(0, 0);
        assertThat(baseIndices(fold1.train())).containsExactly(0, 2, 4, 5, 6);
        assertThat(baseIndices(fold1.test())).containsExactly(1, 3);
        assertThat(fold0.sharedClasses()).isFalse();
        assertThat(fold0.description()).isEqualTo("toy, class-disjoint fold 0 (of folds 0-1)");
    }

    @Test
    void foldsAreDisjointCoveringBalancedAndTrainOnTheOthers() {
        for (int classes : new int[] {2, 5, 50, 98, 100}) {
            for (int k : new int[] {2, 3, 4, 7}) {
                if (k > classes) {
                    continue;
                }
                for (long seed = 0; seed < 5; seed++) {
                    ClassFolds folds = ClassFolds.assign(classes, k, seed);
                    Set<Integer> seen = new HashSet<>();
                    int smallest = Integer.MAX_VALUE;
                    int largest = 0;
                    for (int f = 0; f < k; f++) {
                        int[] validation = folds.validationClasses(f);
                        for (int c : validation) {
                            assertThat(seen.add(c))
                                    .as("class %d in two folds", c)
                                    .isTrue();
                            assertThat(folds.foldOf(c)).isEqualTo(f);
                        }
                        int[] training = folds.trainingClasses(f);
                        assertThat(IntStream.concat(Arrays.stream(training), Arrays.stream(validation))
                                        .sorted()
                                        .toArray())
                                .isEqualTo(IntStream.range(0, classes).toArray());
                        smallest = Math.min(smallest, validation.length);
                        largest = Math.max(largest, validation.length);
                    }
                    assertThat(seen).hasSize(classes);
                    assertThat(largest - smallest).isLessThanOrEqualTo(1);
                    assertThat(smallest).isEqualTo(classes / k);
                }
            }
        }
    }

    @Test
    void theSeedDecidesTheAssignment() {
        assertThat(ClassFolds.assign(100, 4, 7).foldOfEachClass())
                .isEqualTo(ClassFolds.assign(100, 4, 7).foldOfEachClass());
        assertThat(ClassFolds.assign(100, 4, 7).foldOfEachClass())
                .isNotEqualTo(ClassFolds.assign(100, 4, 8).foldOfEachClass());
        // shuffled: not the contiguous cut of the identity order
        assertThat(ClassFolds.assign(100, 4, 7).foldOfEachClass())
                .isNotEqualTo(
                        ClassFolds.ofOrder(IntStream.range(0, 100).toArray(), 4).foldOfEachClass());
    }

    @Test
    void refusesWhatCannotBeFolded() {
        assertThatThrownBy(() -> ClassFolds.assign(3, 1, 0))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("at least 2 folds");
        assertThatThrownBy(() -> ClassFolds.assign(3, 4, 0))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("cannot divide 3 training classes into 4");
        assertThatThrownBy(() -> ClassFolds.ofOrder(new int[] {0, 0, 2}, 2))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("not a permutation");
        assertThatThrownBy(() -> ClassFolds.assign(4, 2, 0).split(images(new int[] {0, 1, 2}, 3), 0, "toy"))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("assigned for 4 classes but the training split has 3");
    }

    private static int[] baseIndices(LabeledImages part) {
        SubsetImages subset = (SubsetImages) part;
        return IntStream.range(0, subset.size()).map(subset::baseIndex).toArray();
    }

    private static int[] labels(LabeledImages part) {
        return IntStream.range(0, part.size()).map(part::label).toArray();
    }

    private static LabeledImages images(int[] labels, int classes) {
        return new LabelsOnlyImages(labels, classes);
    }
}
