package io.dsml.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.dsml.app.CliRun;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LossCommandTest {
    /** Unit vectors (1,0), (0,1) of class 0 and (-1,0) of class 1: triplet loss with margin 0.5 is 0.5. */
    private static final float[] E = {1, 0, 0, 1, -1, 0};

    private static final int[] L = {0, 0, 1};

    @TempDir
    Path dir;

    @Test
    void listsEveryBuiltInLossWithItsHyperparameters() {
        CliRun run = CliRun.of("loss", "--list");
        assertThat(run.exitCode()).isZero();
        for (String name : List.of(
                "vmf",
                "softmax",
                "normalized-softmax",
                "arcface",
                "cosface",
                "contrastive",
                "triplet",
                "npair",
                "lifted-structure",
                "proxy-nca",
                "proxy-anchor",
                "multi-similarity",
                "center")) {
            assertThat(run.out()).as(name).containsPattern("(?m)^" + name + " - ");
        }
        assertThat(run.out())
                .containsPattern("(?m)^\\s+margin\\s+default 0.05\\s+\\[0, inf\\)")
                .containsPattern("(?m)^\\s+miner\\s+default all\\s+all\\|batch-hard\\|semi-hard\\|multi-similarity")
                .contains(
                        "kappa",
                        "pos_margin",
                        "neg_margin",
                        "l2_reg",
                        "temperature",
                        "alpha",
                        "beta",
                        "base",
                        "epsilon",
                        "scale",
                        "softmax_scale",
                        "lambda",
                        "softmax_weight");
    }

    @Test
    void listsAsJson() {
        CliRun run = CliRun.of("loss", "--list", "--json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains("\"name\" : \"multi-similarity\"", "\"name\" : \"epsilon\"", "\"default\" : 0.1");
    }

    @Test
    void evaluatesALossAndWritesItsGradient() throws Exception {
        Path grad = dir.resolve("g.npy");
        CliRun run = CliRun.of(args("triplet", "--set", "margin=0.5", "--grad-out", grad.toString(), "--json"));
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().trim()).isEqualTo("{\"loss\": 0.5}");
        NpyArray g = Npy.read(grad);
        assertThat(g.shape()).containsExactly(3, 2);
        assertThat(g.descr()).isEqualTo("<f4");
    }

    @Test
    void usesTheGivenClassState() throws Exception {
        // cosines (0.6, 0.8) to the class weights (1,0), (0,1); label 0; temperature 0.5.
        Path c = dir.resolve("c.npy");
        Npy.writeFloat(c, new float[] {1, 0, 0, 1}, 2, 2);
        Path e = dir.resolve("e1.npy");
        Npy.writeFloat(e, new float[] {3, 4}, 1, 2);
        Path l = dir.resolve("l1.npy");
        Npy.writeInt(l, new int[] {0});
        CliRun run = CliRun.of(
                "loss",
                "--loss",
                "normalized-softmax",
                "--set",
                "temperature=0.5",
                "--embeddings",
                e.toString(),
                "--labels",
                l.toString(),
                "--centers",
                c.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(Double.parseDouble(run.out().trim())).isCloseTo(Math.log(1 + Math.exp(0.4)), within(1e-5));
    }

    @Test
    void embeddingsAreUsedAsGiven() throws Exception {
        // npair does not normalise: rescaling the embeddings changes the value.
        String small = CliRun.of(args("npair")).out();
        float[] scaled = E.clone();
        for (int k = 0; k < scaled.length; k++) {
            scaled[k] *= 3;
        }
        Npy.writeFloat(dir.resolve("e.npy"), scaled, 3, 2);
        assertThat(CliRun.of(
                                "loss",
                                "--loss",
                                "npair",
                                "--embeddings",
                                dir.resolve("e.npy").toString(),
                                "--labels",
                                dir.resolve("l.npy").toString())
                        .out())
                .isNotEqualTo(small);
    }

    @Test
    void rejectsRowCountsThatDisagree() throws Exception {
        Npy.writeInt(dir.resolve("short.npy"), new int[] {0, 0});
        expectInputError(
                argsWith("triplet", "--labels", dir.resolve("short.npy").toString()),
                "short.npy: 2 labels, but " + dir.resolve("e.npy") + " has 3 rows");
    }

    @Test
    void rejectsNonFiniteEmbeddings() throws Exception {
        Path e = dir.resolve("nan.npy");
        Npy.writeFloat(e, new float[] {1, 0, 0, Float.NaN, 1, 1}, 3, 2);
        expectInputError(argsWith("triplet", "--embeddings", e.toString()), "nan.npy: row 1, column 1 is NaN");
        Npy.writeFloat(e, new float[] {1, 0, 0, 1, Float.POSITIVE_INFINITY, 1}, 3, 2);
        expectInputError(argsWith("triplet", "--embeddings", e.toString()), "nan.npy: row 2, column 0 is Infinity");
    }

    @Test
    void rejectsNonIntegerLabels() throws Exception {
        Path l = dir.resolve("float-labels.npy");
        Npy.writeFloat(l, new float[] {0, 0.5f, 1});
        expectInputError(
                argsWith("triplet", "--labels", l.toString()),
                "float-labels.npy: element 1 is 0.5, not an integer that fits in int32; labels must be integers");
    }

    @Test
    void rejectsAPairLossWithOneClass() throws Exception {
        Npy.writeInt(dir.resolve("one-class.npy"), new int[] {0, 0, 0});
        expectInputError(
                argsWith("contrastive", "--labels", dir.resolve("one-class.npy").toString()),
                "one-class.npy: the contrastive loss needs at least two classes, got 1");
    }

    @Test
    void rejectsAPairLossWithoutAPositivePair() throws Exception {
        Npy.writeInt(dir.resolve("singletons.npy"), new int[] {0, 1, 2});
        expectInputError(
                argsWith("triplet", "--labels", dir.resolve("singletons.npy").toString()),
                "singletons.npy: the triplet loss needs a positive pair (two samples of one class), but every label"
                        + " occurs once");
    }

    @Test
    void rejectsUnknownAndOutOfRangeHyperparameters() throws Exception {
        expectInputError(
                args("triplet", "--set", "margn=0.1"),
                "--set triplet.margn: unknown hyperparameter; valid: margin, distance, reducer, miner, miner_margin,"
                        + " epsilon");
        expectInputError(args("triplet", "--set", "margin=-1"), "--set triplet.margin: -1.0 is outside [0, inf)");
        expectInputError(
                args("triplet", "--set", "miner=hardest"),
                "--set triplet.miner: 'hardest' is not one of all|batch-hard|semi-hard|multi-similarity");
        expectInputError(args("triplet", "--set", "margin"), "--set margin: expected KEY=VALUE");
    }

    @Test
    void rejectsUnknownLossesMissingFilesAndMisshapenClassState() throws Exception {
        expectInputError(args("tripplet"), "--loss: unknown loss 'tripplet'; known: arcface, center,");
        expectInputError(
                argsWith("triplet", "--labels", dir.resolve("missing.npy").toString()), "missing.npy: no such file");
        Npy.writeFloat(dir.resolve("c3.npy"), new float[6], 2, 3);
        expectInputError(
                argsWith("proxy-nca", "--centers", dir.resolve("c3.npy").toString()),
                "c3.npy: shape [2, 3] has 3 columns, but the embeddings have d = 2");
    }

    @Test
    void aZeroEmbeddingRowGetsFiniteGradients() throws Exception {
        Npy.writeFloat(dir.resolve("zero-row.npy"), new float[] {1, 0, 0, 0, -1, 0, 0.6f, 0.8f}, 4, 2);
        Npy.writeInt(dir.resolve("l4.npy"), new int[] {0, 0, 1, 1});
        for (String loss : List.of("vmf", "triplet", "contrastive", "multi-similarity", "proxy-anchor")) {
            Path grad = dir.resolve(loss + "-g.npy");
            CliRun run = CliRun.of(
                    "loss",
                    "--loss",
                    loss,
                    "--embeddings",
                    dir.resolve("zero-row.npy").toString(),
                    "--labels",
                    dir.resolve("l4.npy").toString(),
                    "--grad-out",
                    grad.toString());
            assertThat(run.exitCode()).as(loss).isZero();
            for (float g : Npy.read(grad).asFloats()) {
                assertThat(g).as(loss).isFinite();
            }
        }
    }

    @Test
    void vmfScottRefusesMoreSamplesThanAnArrayHolds() throws Exception {
        float[] wide = new float[3 * 32];
        for (int k = 0; k < wide.length; k++) {
            wide[k] = (k % 7) - 3;
        }
        Npy.writeFloat(dir.resolve("wide.npy"), wide, 3, 32);
        expectInputError(
                argsWith("vmf-scott", "--embeddings", dir.resolve("wide.npy").toString(), "--set", "samples=100000000"),
                "vmf-scott: samples=100000000 needs 3200000000 values");
    }

    @Test
    void distanceAndReducerAreHyperparametersOfThePairLosses() throws Exception {
        assertThat(CliRun.of("loss", "--list").out())
                .containsPattern("(?m)^\\s+distance\\s+default euclidean\\s+cosine\\|euclidean\\|squared-euclidean")
                .containsPattern("(?m)^\\s+reducer\\s+default avg-non-zero\\s+avg-non-zero\\|mean\\|sum");
        // Unit vectors (1,0), (0,1) | (-1,0): positive cosine 0, negative cosines -1 and 0.
        // contrastive with cosine, pos_margin 1, neg_margin 0: [1 - 0]_+ = 1 (both orders) + 0.
        CliRun cosine = CliRun.of(
                args("contrastive", "--set", "distance=cosine", "--set", "pos_margin=1", "--set", "neg_margin=0"));
        assertThat(cosine.exitCode()).isZero();
        assertThat(Double.parseDouble(cosine.out().trim())).isCloseTo(1, within(1e-6));
        expectInputError(
                args("contrastive", "--set", "distance=manhattan"),
                "--set contrastive.distance: 'manhattan' is not one of cosine|euclidean|squared-euclidean");
    }

    private void expectInputError(String[] args, String message) {
        CliRun run = CliRun.of(args);
        assertThat(run.exitCode()).as("exit code of %s", String.join(" ", args)).isEqualTo(2);
        assertThat(run.err()).startsWith("dsml: ").contains(message);
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    /** {@code dsml loss --loss NAME --embeddings e.npy --labels l.npy EXTRA...} on E and L. */
    private String[] args(String loss, String... extra) throws Exception {
        Npy.writeFloat(dir.resolve("e.npy"), E, 3, 2);
        Npy.writeInt(dir.resolve("l.npy"), L);
        List<String> all = new ArrayList<>(List.of(
                "loss",
                "--loss",
                loss,
                "--embeddings",
                dir.resolve("e.npy").toString(),
                "--labels",
                dir.resolve("l.npy").toString()));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    /** As {@link #argsWith(String, String, String)}, followed by {@code extra}. */
    private String[] argsWith(String loss, String option, String value, String... extra) throws Exception {
        List<String> all = new ArrayList<>(List.of(argsWith(loss, option, value)));
        all.addAll(List.of(extra));
        return all.toArray(String[]::new);
    }

    /** As {@link #args}, with {@code option} replaced by {@code value}. */
    private String[] argsWith(String loss, String option, String value) throws Exception {
        String[] all = args(loss);
        for (int k = 0; k < all.length - 1; k++) {
            if (all[k].equals(option)) {
                all[k + 1] = value;
                return all;
            }
        }
        String[] more = java.util.Arrays.copyOf(all, all.length + 2);
        more[all.length] = option;
        more[all.length + 1] = value;
        return more;
    }
}
