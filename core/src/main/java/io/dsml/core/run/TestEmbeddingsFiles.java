package io.dsml.core.run;

import io.dsml.core.export.EmbeddingsManifest;
import io.dsml.core.export.ModelExport;
import io.dsml.core.files.FileSet;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Npy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell's test embeddings, labels and logits (for plots, the report and {@code dsml evaluate}),
 * written together with a manifest naming the model that made them ({@link EmbeddingsManifest}):
 * the cell's saved model, so they are always the reported epoch's.
 */
final class TestEmbeddingsFiles {
    private TestEmbeddingsFiles() {}

    /**
     * Writes the files into {@code cellDir}; its {@code model/} must hold the model that computed
     * them.
     *
     * @param logits [n, classes] class-probability logits, or {@code null} for none
     * @param source what was embedded, for the manifest
     */
    static void write(Path cellDir, EmbeddingSet set, float[] logits, int classes, String source) {
        List<FileSet.Member> files = new ArrayList<>();
        CellFiles cell = CellFiles.in(cellDir);
        Path embeddings = cell.testEmbeddings();
        files.add(new FileSet.Member(
                embeddings, "test embeddings", out -> out.write(Npy.encodeFloat(set.data(), set.n(), set.dim()))));
        files.add(new FileSet.Member(
                cell.testLabels(), "test labels", out -> out.write(Npy.encodeInt(set.labels(), set.n()))));
        if (logits != null) {
            files.add(new FileSet.Member(
                    cell.testLogits(),
                    "test logits",
                    out -> out.write(Npy.encodeFloat(logits, logits.length / classes, classes))));
        }
        Path modelDir = cell.model();
        files.add(EmbeddingsManifest.of(modelDir, ModelExport.read(modelDir), set.n(), set.dim(), source)
                .member(embeddings));
        FileSet.write(files);
    }
}
