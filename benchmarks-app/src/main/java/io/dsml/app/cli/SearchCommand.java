package io.dsml.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsml.app.api.Gallery;
import io.dsml.app.api.TrainedCell;
import io.dsml.core.error.DsmlException;
import io.dsml.data.files.ImageFileList;
import io.dsml.evaluation.EmbeddingSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dsml search}: the nearest gallery items of query images by cosine, with a finished cell's
 * network; losses with a classifier also give each query's predicted class and its probability.
 */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = "Nearest gallery items (cosine) of query images, embedded with a finished cell;"
                + " classifier losses (vMF, softmax, ...) also print the predicted class and its probability.")
public final class SearchCommand extends ComponentsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @picocli.CommandLine.Mixin
    RunCellOptions run;

    @Option(
            names = "--gallery",
            required = true,
            paramLabel = "E.npy|DIR",
            description = "Embeddings from 'dsml embed' (float32 [n, d]), or a folder of images to embed.")
    Path gallery;

    @Option(
            names = "--gallery-paths",
            paramLabel = "P.txt",
            description = "Names of the rows of an E.npy gallery, one per line (dsml embed --paths-out).")
    Path galleryPaths;

    @Option(
            names = "--query",
            required = true,
            arity = "1..*",
            paramLabel = "IMAGE",
            description = "Query image files.")
    List<Path> queries;

    @Option(
            names = {"-k", "--k"},
            defaultValue = "10",
            paramLabel = "K",
            description = "Neighbours per query (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    /** The warning for a gallery file without a manifest, printed after the results. */
    private String uncheckedGallery;

    @Override
    public Integer call() throws Exception {
        if (k < 1) {
            throw new DsmlException("-k: must be >= 1, got " + k);
        }
        try (TrainedCell model = TrainedCell.load(run.runDir, run.cell, registries)) {
            // Queries first: an unreadable query fails before a gallery folder is embedded.
            EmbeddingSet embedded = model.embed(queries, null);
            Gallery items = loadGallery(model);
            if (items.dim() != model.dim()) {
                throw new DsmlException(gallery + ": gallery embeddings have dimension " + items.dim() + ", cell "
                        + model.cellId() + " embeds in dimension " + model.dim());
            }
            Optional<io.dsml.app.api.TrainedCell.Predictions> predictions = model.classify(embedded);
            ArrayNode results = JSON.createArrayNode();
            StringBuilder text = new StringBuilder();
            for (int q = 0; q < queries.size(); q++) {
                float[] query = java.util.Arrays.copyOfRange(embedded.data(), q * model.dim(), (q + 1) * model.dim());
                List<Gallery.Hit> hits = items.search(query, k);
                ObjectNode result = results.addObject();
                result.put("query", queries.get(q).toString());
                text.append("query ").append(queries.get(q));
                if (predictions.isPresent()) {
                    int predicted = predictions.get().classes()[q];
                    float probability = predictions.get().probabilities()[q];
                    result.put("predicted_class", predicted);
                    Optional<String> name = model.className(predicted);
                    name.ifPresent(n -> result.put("predicted_class_name", n));
                    text.append("  predicted class ")
                            .append(name.map(n -> n + " (" + predicted + ")").orElse(String.valueOf(predicted)));
                    if (!Float.isNaN(probability)) {
                        result.put("probability", probability);
                        text.append(String.format(" (p = %.4f)", probability));
                    }
                }
                text.append('\n');
                ArrayNode neighbours = result.putArray("neighbours");
                for (Gallery.Hit hit : hits) {
                    neighbours
                            .addObject()
                            .put("rank", hit.rank())
                            .put("index", hit.index())
                            .put("path", hit.name())
                            .put("score", hit.score());
                    text.append(String.format("  %3d  %.4f  %s%n", hit.rank(), hit.score(), hit.name()));
                }
            }
            out().print(json ? JSON.writeValueAsString(results) + "\n" : text);
            EmbedCommand.announceDefaultCell(err(), run.cell, model.cellId());
            if (uncheckedGallery != null) {
                err().println(uncheckedGallery); // after the results: an error stays one line
            }
        }
        return 0;
    }

    private Gallery loadGallery(TrainedCell model) {
        if (Files.isDirectory(gallery)) {
            List<Path> files = ImageFileList.scan(gallery);
            return model.gallery(files, ProgressBar.onStderr(spec, "gallery", files.size()));
        }
        if (!Files.isRegularFile(gallery)) {
            throw new DsmlException(gallery + ": no such gallery file or directory");
        }
        if (!model.requireMadeByThisModel(gallery)) {
            uncheckedGallery = "warning: " + gallery + " has no manifest ("
                    + io.dsml.core.export.EmbeddingsManifest.fileOf(gallery).getFileName()
                    + "): cannot check that cell " + model.cellId() + " made these embeddings";
        }
        return Gallery.read(gallery, galleryPaths);
    }
}
