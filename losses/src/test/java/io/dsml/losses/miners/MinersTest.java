package io.dsml.losses.miners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinersTest {
    /**
     * Five samples on a line, labels A A A B B, positions 0, 1, 3, 2.5, 6: distances are
     * |x_i - x_j|.
     */
    private static final float[] POSITIONS = {0, 1, 3, 2.5f, 6};

    private static final int[] LABELS = {0, 0, 0, 1, 1};

    private static Closeness lineDistances() {
        int b = POSITIONS.length;
        float[] d = new float[b * b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                d[i * b + j] = Math.abs(POSITIONS[i] - POSITIONS[j]);
            }
        }
        return Closeness.ofDistances(d, b);
    }

    @Test
    void allPairsAreOrderedAndExcludeSelfPairs() {
        Mined.Pairs pairs = new AllPairsMiner().mine(null, new int[] {0, 0, 1});
        assertThat(pairsOf(pairs.posAnchors(), pairs.positives())).containsExactly("0-1", "1-0");
        assertThat(pairsOf(pairs.negAnchors(), pairs.negatives())).containsExactly("0-2", "1-2", "2-0", "2-1");
    }

    @Test
    void pairsBecomeEveryTripletSharingAnAnchorAndBack() {
        Mined.Triplets triplets = AllPairsMiner.allPairs(new int[] {0, 0, 1, 1}).toTriplets();
        assertThat(tripletsOf(triplets))
                .containsExactlyInAnyOrder("0-1-2", "0-1-3", "1-0-2", "1-0-3", "2-3-0", "2-3-1", "3-2-0", "3-2-1");
        Mined.Pairs back = triplets.toPairs();
        assertThat(back.posAnchors()).hasSize(8); // repeated pairs stay repeated, as in PML
        assertThat(pairsOf(back.negAnchors(), back.negatives())).contains("0-2", "0-3");
    }

    @Test
    void batchHardTakesFarthestPositiveAndClosestNegative() {
        Mined.Triplets t = new BatchHardMiner().mine(lineDistances(), LABELS);
        // anchor 0 (x=0): positives at 1, 3 -> 2; negatives at 2.5, 6 -> 3.
        // anchor 1 (x=1): positives 0 (1), 2 (2) -> 2; negatives 3 (1.5) -> 3.
        // anchor 2 (x=3): positives 0 (3) -> 0; negatives 3 (0.5) -> 3.
        // anchor 3 (x=2.5): positive 4; negatives 0 (2.5), 1 (1.5), 2 (0.5) -> 2.
        // anchor 4 (x=6): positive 3; closest negative 2 (3).
        assertThat(tripletsOf(t)).containsExactly("0-2-3", "1-2-3", "2-0-3", "3-4-2", "4-3-2");
    }

    @Test
    void batchHardSkipsAnchorsWithoutPositiveOrNegative() {
        float[] d = new float[9];
        Mined.Triplets t = new BatchHardMiner().mine(Closeness.ofDistances(d, 3), new int[] {0, 0, 1});
        assertThat(t.anchors()).containsExactly(0, 1);
    }

    @Test
    void semiHardKeepsNegativesJustBeyondThePositive() {
        Mined.Triplets t = new SemiHardMiner(1.0).mine(lineDistances(), LABELS);
        // keep 0 < d_an - d_ap <= 1:
        // a=0: p=1 (1): n=3 (2.5) gap 1.5 no; p=2 (3): n=3 gap -0.5 no, n=4 (6) gap 3 no.
        // a=1: p=0 (1): n=3 (1.5) gap 0.5 yes; p=2 (2): n=3 gap -0.5 no.
        // a=2: p=0 (3): n=3 (0.5) no, n=4 (3) gap 0 no; p=1 (2): n=4 (3) gap 1 yes.
        // a=3: p=4 (3.5): n=0 (2.5) no, n=1 (1.5) no, n=2 (0.5) no.
        // a=4: p=3 (3.5): n=2 (3) no, n=1 (5) gap 1.5 no, n=0 (6) no.
        assertThat(tripletsOf(t)).containsExactlyInAnyOrder("1-0-3", "2-1-4");
    }

    @Test
    void multiSimilarityKeepsPairsThatViolateTheOtherSideByEpsilon() {
        Mined.Pairs pairs = new MultiSimilarityMiner(0.6).mine(lineDistances(), LABELS);
        // In closeness c = -d: positive (a,p) kept if -d_ap - eps < max_n(-d_an), i.e. d_ap + eps > min d_an;
        // negative (a,n) kept if d_an - eps < max_p d_ap.
        // a=0: min d_an = 2.5, max d_ap = 3: positives d 1 (no), 3 (yes: 3.6 > 2.5); negatives 2.5 (yes), 6 (no).
        // a=1: min d_an = 1.5, max d_ap = 2: positives 1 (yes: 1.6 > 1.5), 2 (yes); negatives 1.5 (yes), 5 (no).
        // a=2: min d_an = 0.5, max d_ap = 3: positives 3, 2 (yes); negatives 0.5 (yes), 3 (yes: 2.4 < 3).
        // a=3: min d_an = 0.5, max d_ap = 3.5: positive 3.5 yes; negatives 2.5, 1.5, 0.5 yes.
        // a=4: min d_an = 3, max d_ap = 3.5: positive yes; negatives 3 (yes), 5 (no), 6 (no).
        assertThat(pairsOf(pairs.posAnchors(), pairs.positives()))
                .containsExactlyInAnyOrder("0-2", "1-0", "1-2", "2-0", "2-1", "3-4", "4-3");
        assertThat(pairsOf(pairs.negAnchors(), pairs.negatives()))
                .containsExactlyInAnyOrder("0-3", "1-3", "2-3", "2-4", "3-0", "3-1", "3-2", "4-2");
    }

    @Test
    void multiSimilarityReturnsNothingWithoutBothPairKinds() {
        Mined.Pairs pairs =
                new MultiSimilarityMiner(0.1).mine(Closeness.ofSimilarities(new float[4], 2), new int[] {0, 1});
        assertThat(pairs.hasPositives()).isFalse();
        assertThat(pairs.negAnchors()).isEmpty();
    }

    @Test
    void minersAreCreatedByName() {
        assertThat(Miners.create("all", 0.2, 0.1)).isInstanceOf(AllPairsMiner.class);
        assertThat(Miners.create("batch-hard", 0.2, 0.1)).isInstanceOf(BatchHardMiner.class);
        assertThat(Miners.create("semi-hard", 0.2, 0.1)).isInstanceOf(SemiHardMiner.class);
        assertThat(Miners.create("multi-similarity", 0.2, 0.1)).isInstanceOf(MultiSimilarityMiner.class);
        assertThatThrownBy(() -> Miners.create("hardest", 0, 0)).hasMessageContaining("unknown miner 'hardest'");
    }

    private static List<String> pairsOf(int[] a, int[] b) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < a.length; k++) {
            out.add(a[k] + "-" + b[k]);
        }
        return out;
    }

    private static List<String> tripletsOf(Mined.Triplets t) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < t.size(); k++) {
            out.add(t.anchors()[k] + "-" + t.positives()[k] + "-" + t.negatives()[k]);
        }
        return out;
    }
}
