package io.dsml.core.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dsml.core.error.DsmlException;
import io.dsml.core.files.FileSet;
import io.dsml.core.files.IoFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What made an embeddings file: {@code E.manifest.json} beside {@code E.npy}, written with it
 * (through {@link FileSet}, last), so a gallery can be checked against the model that searches
 * it. Models are identified by the SHA-256 of their parameter file, which differs between cells
 * and between epochs of one cell.
 *
 * @param format always {@link #FORMAT}
 * @param version {@link #VERSION}
 * @param run the run directory (absolute)
 * @param cell the cell's id
 * @param epoch the epoch whose parameters made the embeddings, or {@code null} if the model did
 *     not record it (a model saved before version 2)
 * @param modelSha256 SHA-256 of the model's parameter file
 * @param rows number of embeddings
 * @param dim their dimension
 * @param source what was embedded, e.g. {@code --images photos} or {@code cub200/retrieval/test}
 */
public record EmbeddingsManifest(
        String format,
        int version,
        String run,
        String cell,
        Integer epoch,
        String modelSha256,
        int rows,
        int dim,
        String source) {
    /** The value of {@link #format}. */
    public static final String FORMAT = "dsml-embeddings";
    /** The layout this code writes and reads. */
    public static final int VERSION = 1;

    /** The manifest of the embeddings of {@code modelDir}'s model over {@code source}. */
    public static EmbeddingsManifest of(Path modelDir, ModelDescription model, int rows, int dim, String source) {
        Path cellDir = modelDir.toAbsolutePath().normalize().getParent();
        return new EmbeddingsManifest(
                FORMAT,
                VERSION,
                cellDir.getParent().getParent().toString(),
                cellDir.getFileName().toString(),
                model.epoch(),
                parametersSha256(modelDir, model),
                rows,
                dim,
                source);
    }

    /** {@code E.manifest.json} for {@code E.npy} (any other name: the name plus {@code .manifest.json}). */
    public static Path fileOf(Path embeddings) {
        String name = embeddings.getFileName().toString();
        String stem = name.endsWith(".npy") ? name.substring(0, name.length() - ".npy".length()) : name;
        return embeddings.resolveSibling(stem + ".manifest.json");
    }

    /** This manifest as the last member of a {@link FileSet} beside {@code embeddings}. */
    public FileSet.Member member(Path embeddings) {
        return new FileSet.Member(
                fileOf(embeddings), "embeddings manifest", out -> out.write(ModelExport.JSON.writeValueAsBytes(this)));
    }

    /**
     * The manifest beside {@code embeddings}, or empty when there is none (files written before
     * manifests, or by other tools).
     *
     * @throws DsmlException when it exists but cannot be read
     */
    public static Optional<EmbeddingsManifest> read(Path embeddings) {
        Path file = fileOf(embeddings);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode tree = ModelExport.JSON.readTree(file.toFile());
            if (tree == null || !FORMAT.equals(tree.path("format").asText(""))) {
                throw new DsmlException(file + ": not an embeddings manifest (format '" + FORMAT + "')");
            }
            if (tree.path("version").asInt(-1) != VERSION) {
                throw new DsmlException(file + ": embeddings manifest version "
                        + tree.path("version").asText("") + ", this dsml reads " + VERSION);
            }
            EmbeddingsManifest manifest = ModelExport.JSON.treeToValue(tree, EmbeddingsManifest.class);
            if (manifest.cell() == null || manifest.modelSha256() == null) {
                throw new DsmlException(file + ": the embeddings manifest names no cell or model checksum");
            }
            return Optional.of(manifest);
        } catch (JsonProcessingException e) {
            throw new DsmlException(
                    file + ": malformed embeddings manifest: " + io.dsml.core.config.JacksonMessages.syntax(e));
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read the embeddings manifest: " + IoFailure.reason(e));
        }
    }

    /** SHA-256 (hex) of the parameter file of the model in {@code modelDir}. */
    public static String parametersSha256(Path modelDir, ModelDescription model) {
        Path file = modelDir.resolve(model.parameters());
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DsmlException(file + ": cannot read the model parameter file: " + IoFailure.reason(e));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
