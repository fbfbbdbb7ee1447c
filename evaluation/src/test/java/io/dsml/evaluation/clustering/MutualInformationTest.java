package io.dsml.evaluation.clustering;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MutualInformationTest {
    private static int[] labels(int n, IntUnaryOperator f) {
        return IntStream.range(0, n).map(f).toArray();
    }

    @Test
    void identicalClusteringsScoreOneWhateverTheNames() {
        int[] a = labels(300, i -> i % 17);
        int[] renamed = labels(300, i -> 1000 - 3 * (i % 17));
        assertThat(MutualInformation.nmi(a, renamed)).isCloseTo(1.0, within(1e-12));
        assertThat(MutualInformation.ami(a, renamed)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void independentClusteringsScoreNearZero() {
        Random r = new Random(1);
        int n = 20_000;
        int[] a = labels(n, i -> r.nextInt(10));
        int[] b = labels(n, i -> r.nextInt(10));
        assertThat(MutualInformation.nmi(a, b)).isBetween(0.0, 0.005);
        assertThat(MutualInformation.ami(a, b)).isCloseTo(0.0, within(0.002));
    }

    /**
     * Values from scikit-learn 1.2.1 (Debian python3-sklearn) normalized_mutual_info_score and
     * adjusted_mutual_info_score, defaults; see src/test/resources/reference/make_reference.py,
     * which builds the same labellings from the same formulas.
     */
    @Test
    void matchesScikitLearn() {
        int n = 500;
        int[] truth = labels(n, i -> (i * 7 + 3) % 13);
        int[] pred = labels(n, i -> (i * i + 5 * i + 1) % 11);
        int[] noisy = labels(n, i -> i % 4 == 0 ? (i * 3) % 13 : (i * 7 + 3) % 13);
        int[] thirds = labels(n, i -> i % 3);
        int[] runs = labels(n, i -> Math.min(i / 50, 7));
        // formula nmi=0.0022937542152273124 ami=-0.027417961916092467
        assertThat(MutualInformation.nmi(truth, pred)).isCloseTo(0.0022937542152273124, within(1e-12));
        assertThat(MutualInformation.ami(truth, pred)).isCloseTo(-0.027417961916092467, within(1e-12));
        // noisy nmi=0.79710855009627146 ami=0.78366031305580452
        assertThat(MutualInformation.nmi(truth, noisy)).isCloseTo(0.79710855009627146, within(1e-12));
        assertThat(MutualInformation.ami(truth, noisy)).isCloseTo(0.78366031305580452, within(1e-12));
        // uneven nmi=0.00018096123765377667 ami=-0.0091504532897486186
        assertThat(MutualInformation.nmi(thirds, runs)).isCloseTo(0.00018096123765377667, within(1e-12));
        assertThat(MutualInformation.ami(thirds, runs)).isCloseTo(-0.0091504532897486186, within(1e-12));
    }

    /** scikit-learn's special cases. */
    @Test
    void degenerateLabellings() {
        int[] one = new int[10];
        int[] split = labels(10, i -> i);
        // Both a single cluster: perfect by convention.
        assertThat(MutualInformation.nmi(one, one)).isEqualTo(1.0);
        assertThat(MutualInformation.ami(one, one)).isEqualTo(1.0);
        // One side a single cluster: no information.
        assertThat(MutualInformation.nmi(one, split)).isEqualTo(0.0);
        assertThat(MutualInformation.ami(one, split)).isEqualTo(0.0);
        // Each item its own cluster on both sides: NMI 1 and AMI 1 (E[MI] = MI).
        assertThat(MutualInformation.nmi(split, split)).isCloseTo(1.0, within(1e-12));
        assertThat(MutualInformation.ami(split, split)).isCloseTo(1.0, within(1e-12));
    }

    /** Hand-computed from the definitions: truth {0,0,1,1} against pred {0,0,0,1}. */
    @Test
    void handComputedNmi() {
        int[] truth = {0, 0, 1, 1};
        int[] pred = {0, 0, 0, 1};
        // Cells: (0,0)=2, (1,0)=1, (1,1)=1; a = (2,2), b = (3,1), N = 4.
        // MI = 2/4 ln(2*4/(2*3)) + 1/4 ln(1*4/(2*3)) + 1/4 ln(1*4/(2*1))
        double mi = 0.5 * Math.log(8.0 / 6) + 0.25 * Math.log(4.0 / 6) + 0.25 * Math.log(2.0);
        double hTrue = Math.log(2);
        double hPred = -(0.75 * Math.log(0.75) + 0.25 * Math.log(0.25));
        assertThat(MutualInformation.nmi(truth, pred)).isCloseTo(mi / ((hTrue + hPred) / 2), within(1e-15));
    }
}
