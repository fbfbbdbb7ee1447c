package io.dsml.app.report;

import io.dsml.app.api.TrainedCell;
import io.dsml.core.config.ConfigLoader;
import io.dsml.core.config.ExperimentConfig;
import io.dsml.core.error.DsmlException;
import io.dsml.core.export.ModelDescription;
import io.dsml.core.export.ModelExport;
import io.dsml.core.export.Provenance;
import io.dsml.core.inject.Registries;
import io.dsml.core.run.CellFiles;
import io.dsml.core.run.CellResult;
import io.dsml.core.run.ConfiguredDataset;
import io.dsml.core.run.ResultsTable;
import io.dsml.core.run.RunDirectory;
import io.dsml.core.run.RunStore;
import io.dsml.core.spi.LabeledImages;
import io.dsml.evaluation.EmbeddingSet;
import io.dsml.evaluation.Npy;
import io.dsml.evaluation.NpyArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes {@code report.html} into a run directory: one self-contained page (inline CSS and
 * JavaScript, every picture a data URI, a Content-Security-Policy that forbids fetching anything)
 * with the results table, the run's plots (learning curves, Recall@K, PCA projections), and per
 * cell its provenance, retrieval examples with thumbnails (a seeded sample of queries and the
 * worst queries by R-precision, top-{@value #NEIGHBOURS} neighbours framed green when they share
 * the query's class and red otherwise), per-class concentration and, for classification, a
 * confusion matrix. Its size is bounded: thumbnails are at most {@value Thumbnails#MAX_SIDE}
 * pixels and stored once each, examples come from a fixed number of queries, and runs with many
 * cells show examples for the first seed of each backbone x loss only.
 */
public final class RunReport {
    /** The report's file name in the run directory. */
    public static final String FILE = "report.html";

    static final int SAMPLED_QUERIES = 8;
    static final int WORST_QUERIES = 4;
    static final int NEIGHBOURS = 8;
    /** Up to this many cells, every cell gets examples; beyond, the first seed of each row. */
    static final int ALL_CELLS_UP_TO = 12;
    /** Confusion matrices are drawn up to this many classes. */
    static final int MAX_CONFUSION_CLASSES = 40;
    /** Concentration tables list every class up to this many, else the extremes. */
    static final int MAX_CONCENTRATION_ROWS = 30;

    private final Path runDir;
    private final StringBuilder html = new StringBuilder();
    private final Thumbnails thumbnails;
    private final String thumbnailNote;
    private final ExperimentConfig config;
    private final Registries registries;

    private RunReport(
            Path runDir, ExperimentConfig config, Thumbnails thumbnails, String thumbnailNote, Registries registries) {
        this.runDir = runDir;
        this.registries = registries;
        this.config = config;
        this.thumbnails = thumbnails;
        this.thumbnailNote = thumbnailNote;
    }

    /**
     * Writes the report of {@code cells}; the plots must already be in {@code plots/}.
     *
     * @param title the experiment's name
     * @param testImages the run's test split, in the order of its test embeddings, or {@code null}
     *     to load it again from the run's {@code config.yaml} (thumbnails are left out, with a note,
     *     when the dataset cannot be loaded)
     * @param registries the components to load the run's models and dataset with
     * @return the file written
     */
    public static Path write(
            Path runDir,
            String title,
            List<CellResult> cells,
            ResultsTable table,
            LabeledImages testImages,
            Registries registries) {
        return write(runDir, title, cells, table, testImages, null, note -> {}, registries);
    }

    /**
     * As {@link #write(Path, String, List, ResultsTable, LabeledImages, Registries)}, loading the test images
     * from {@code dataDir} when it is given (else from where the run's config says).
     *
     * @param warnings told why thumbnails are left out, if they are
     */
    public static Path write(
            Path runDir,
            String title,
            List<CellResult> cells,
            ResultsTable table,
            LabeledImages testImages,
            Path dataDir,
            java.util.function.Consumer<String> warnings,
            Registries registries) {
        ExperimentConfig config = readConfig(runDir);
        LabeledImages images = testImages;
        String note = null;
        if (images == null && config != null) {
            try {
                images = loadTestImages(config, dataDir, registries);
            } catch (DsmlException e) {
                note = "thumbnails left out: the test images could not be loaded (" + e.getMessage() + ")";
            }
        }
        Thumbnails thumbs = null;
        if (images != null && images.testTimePipeline().isPresent()) {
            thumbs = new Thumbnails(images, images.testTimePipeline().get());
        } else if (note == null) {
            note = images == null
                    ? "thumbnails left out: the run has no config.yaml to load its test images from"
                    : "thumbnails left out: the test images are not pictures";
        }
        if (note != null) {
            warnings.accept(note);
        }
        RunReport report = new RunReport(runDir, config, thumbs, note, registries);
        Path file = runDir.resolve(FILE);
        RunDirectory.writeAtomically(file, report.render(title, cells, table));
        return file;
    }

    private static ExperimentConfig readConfig(Path runDir) {
        return RunStore.at(runDir).readConfig();
    }

    private static LabeledImages loadTestImages(ExperimentConfig config, Path dataDirOverride, Registries registries) {
        return ConfiguredDataset.load(registries, config, config.dataset().split(), dataDirOverride)
                .test();
    }

    private String render(String title, List<CellResult> cells, ResultsTable table) {
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;"
                        + " style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<title>")
                .append(esc(title))
                .append(" - dsml report</title>\n<style>\n")
                .append(resource("report.css"))
                .append("</style>\n</head>\n<body>\n");
        html.append("<h1>")
                .append(esc(title))
                .append("</h1>\n<p class=\"meta\">")
                .append(esc(runDir.toAbsolutePath().normalize().toString()))
                .append(" &middot; ")
                .append(cells.size())
                .append(" cell(s) &middot; report written ")
                .append(esc(Instant.now().toString()))
                .append("</p>\n");
        if (config != null && !config.description().isBlank()) {
            html.append("<p>").append(esc(config.description())).append("</p>\n");
        }
        html.append("<nav><a href=\"#results\">Results</a><a href=\"#plots\">Plots</a>"
                + "<a href=\"#projections\">Embedding projections</a><a href=\"#cells\">Cells</a></nav>\n");
        resultsSection(table);
        plotSections();
        html.append("<h2 id=\"cells\">Cells</h2>\n");
        if (thumbnailNote != null) {
            html.append("<p class=\"note\">").append(esc(thumbnailNote)).append("</p>\n");
        }
        Set<String> exampleRows = new HashSet<>();
        for (CellResult cell : cells) {
            String row = cell.backbone() + " / " + cell.loss();
            boolean examples = cell.ok() && (cells.size() <= ALL_CELLS_UP_TO || exampleRows.add(row));
            cellSection(cell, examples);
        }
        html.append("<div id=\"dsml-report-status\" hidden></div>\n")
                .append("<script type=\"application/json\" id=\"dsml-thumbnails\">")
                .append(thumbnailTable())
                .append("</script>\n<script>\n")
                .append(resource("report.js"))
                .append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    // ---- results table -------------------------------------------------------------------------

    /** The Markdown table as HTML, so every column the table has (statistics too) shows here. */
    private void resultsSection(ResultsTable table) {
        html.append("<h2 id=\"results\">Results</h2>\n<p>Mean &plusmn; sample standard deviation over seeds;"
                + " metrics in [0, 1] are in percent.</p>\n<table class=\"results\">\n");
        List<String> lines =
                table.markdown().lines().filter(l -> l.startsWith("|")).toList();
        for (int i = 0; i < lines.size(); i++) {
            if (i == 1) {
                continue; // the Markdown separator
            }
            List<String> fields = markdownCells(lines.get(i));
            String tag = i == 0 ? "th" : "td";
            if (i == 0) {
                html.append("<thead>");
            } else if (i == 2) {
                html.append("<tbody>");
            }
            html.append("<tr>");
            for (String field : fields) {
                boolean numeric = i > 0 && field.matches("[-+0-9.±() %/a-z]*") && field.matches(".*[0-9].*");
                html.append('<')
                        .append(tag)
                        .append(numeric ? " class=\"num\"" : "")
                        .append('>')
                        .append(esc(field))
                        .append("</")
                        .append(tag)
                        .append('>');
            }
            html.append("</tr>");
            html.append(i == 0 ? "</thead>\n" : "\n");
        }
        if (lines.size() > 2) {
            html.append("</tbody>");
        }
        html.append("</table>\n");
    }

    /** The cells of a Markdown table row; an escaped bar or backslash inside a cell is text. */
    static List<String> markdownCells(String line) {
        String inner = line.strip();
        inner = inner.substring(1, inner.endsWith("|") && !inner.endsWith("\\|") ? inner.length() - 1 : inner.length());
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '\\' && i + 1 < inner.length() && (inner.charAt(i + 1) == '|' || inner.charAt(i + 1) == '\\')) {
                cell.append(inner.charAt(++i));
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    // ---- plots ---------------------------------------------------------------------------------

    private void plotSections() {
        List<Path> pngs = plots();
        html.append("<h2 id=\"plots\">Learning curves and Recall@K</h2>\n");
        pngs.stream()
                .filter(p -> !p.getFileName().toString().startsWith("embeddings-"))
                .forEach(this::plot);
        html.append("<h2 id=\"projections\">Embedding projections</h2>\n<p>Test embeddings of each row's first"
                + " seed, projected on their two leading principal components, coloured by class.</p>\n");
        pngs.stream()
                .filter(p -> p.getFileName().toString().startsWith("embeddings-"))
                .forEach(this::plot);
    }

    private List<Path> plots() {
        Path dir = runDir.resolve("plots");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".png"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void plot(Path png) {
        try {
            String name = png.getFileName().toString();
            html.append("<figure class=\"plot\"><img class=\"plot\" alt=\"")
                    .append(esc(name))
                    .append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(png)))
                    .append("\"><figcaption>")
                    .append(esc(name))
                    .append("</figcaption></figure>\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- cells ---------------------------------------------------------------------------------

    private void cellSection(CellResult cell, boolean withExamples) {
        Path cellDir = RunStore.at(runDir).cell(cell.cellId()).dir();
        html.append("<section class=\"cell\" id=\"cell-")
                .append(esc(cell.cellId()))
                .append("\">\n<h3>")
                .append(esc(cell.cellId()))
                .append("</h3>\n<p>")
                .append(esc(cell.dataset()))
                .append(" &middot; ")
                .append(esc(cell.backbone()))
                .append(" &middot; ")
                .append(esc(cell.loss()))
                .append(" &middot; seed ")
                .append(cell.seed())
                .append(" &middot; ")
                .append(esc(cell.status()))
                .append(cell.message().isEmpty() ? "" : ": " + esc(cell.message()))
                .append("</p>\n");
        provenance(cell, cellDir);
        Optional<Embeddings> embeddings = cell.ok() ? Embeddings.read(cellDir) : Optional.empty();
        if (embeddings.isPresent()) {
            Embeddings e = embeddings.get();
            if (withExamples) {
                examples(e, cell.seed());
            }
            concentration(e);
            confusion(cell, cellDir, e);
        } else if (cell.ok()) {
            html.append("<p class=\"note\">no test embeddings saved for this cell</p>\n");
        }
        html.append("</section>\n");
    }

    private void provenance(CellResult cell, Path cellDir) {
        Path modelDir = CellFiles.in(cellDir).model();
        html.append("<details><summary>Provenance</summary>\n<table class=\"provenance\">\n");
        row("seed", Long.toString(cell.seed()));
        row("epochs", Integer.toString(cell.epochs()));
        row("train seconds", String.format(Locale.ROOT, "%.1f", cell.trainSeconds()));
        Optional<Provenance> p = ModelExport.provenance(modelDir);
        if (p.isPresent()) {
            Provenance v = p.get();
            row("git commit", v.gitCommit() + (v.gitDirty() ? " (with uncommitted changes)" : ""));
            row("finished", v.finishedAt());
            row("engine", v.engine() + " " + v.engineVersion() + " (DJL " + v.djlVersion() + ")");
            row("devices", v.devices());
            row("machine", v.host() + ": " + v.cpu() + ", " + v.cores() + " cores, " + v.os());
            row("JVM", v.java() + ", max heap " + v.maxHeapMiB() + " MiB");
        } else {
            row("provenance", "not recorded (the cell finished before dsml recorded it, or saved no model)");
        }
        try {
            ModelDescription d = ModelExport.read(modelDir);
            row("backbone", d.backbone().name() + " " + d.backbone().params());
            row("loss", d.loss().name() + " " + d.loss().params());
            row("embedding", d.embedding().toString());
            row("test-time pipeline", String.valueOf(d.pipeline()));
            row("model", runDir.relativize(modelDir) + "/ (format " + d.format() + " v" + d.version() + ")");
        } catch (DsmlException e) {
            row("model", "none saved");
        }
        html.append("</table>\n");
        if (config != null) {
            html.append("<details><summary>Resolved config (" + RunStore.CONFIG + ")</summary><pre>")
                    .append(esc(new ConfigLoader().toYaml(config)))
                    .append("</pre></details>\n");
        }
        html.append("</details>\n");
    }

    private void row(String key, String value) {
        html.append("<tr><th>")
                .append(esc(key))
                .append("</th><td>")
                .append(esc(value))
                .append("</td></tr>\n");
    }

    /** A cell's saved test embeddings and labels. */
    private record Embeddings(float[] data, int n, int dim, int[] labels) {
        static Optional<Embeddings> read(Path cellDir) {
            Path e = CellFiles.in(cellDir).testEmbeddings();
            Path l = CellFiles.in(cellDir).testLabels();
            if (!Files.exists(e) || !Files.exists(l)) {
                return Optional.empty();
            }
            try {
                NpyArray array = Npy.read(e);
                return Optional.of(new Embeddings(
                        array.asFloats(),
                        array.shape()[0],
                        array.shape()[1],
                        Npy.read(l).asInts()));
            } catch (IOException ex) {
                throw new DsmlException(e + ": unreadable: " + ex.getMessage());
            }
        }
    }

    private void examples(Embeddings e, long seed) {
        if (e.n() < 2) {
            return;
        }
        RetrievalExamples.Examples ex = RetrievalExamples.of(
                e.data(), e.n(), e.dim(), e.labels(), SAMPLED_QUERIES, WORST_QUERIES, NEIGHBOURS, seed);
        html.append("<h4>Retrieval examples</h4>\n<p>A seeded sample of test queries (blue) and their ")
                .append(NEIGHBOURS)
                .append(" nearest other test samples by cosine, with the cosine distance 1 &minus; cos;"
                        + " green: same class as the query, red: another class.</p>\n");
        exampleRows(ex.sampled(), e.labels());
        html.append("<h4>Worst queries</h4>\n<p>The lowest R-precision among ")
                .append(ex.rankedQueries())
                .append(ex.rankedQueries() == e.n() ? " (all)" : " seeded")
                .append(" test queries.</p>\n");
        exampleRows(ex.worst(), e.labels());
    }

    /** A test class as users know it: the dataset's name when it has one, else its number. */
    private String classText(int label) {
        return thumbnails == null ? String.valueOf(label) : thumbnails.className(label);
    }

    private void exampleRows(List<RetrievalExamples.Example> examples, int[] labels) {
        html.append("<div class=\"examples\">\n");
        for (RetrievalExamples.Example ex : examples) {
            html.append("<div class=\"example\">");
            String caption = "#" + ex.query() + " class " + classText(labels[ex.query()])
                    + (Double.isNaN(ex.rPrecision())
                            ? ""
                            : String.format(Locale.ROOT, " R-prec %.2f", ex.rPrecision()));
            thumb("query", ex.query(), caption);
            html.append("<div class=\"sep\"></div>");
            for (int j = 0; j < ex.neighbours().length; j++) {
                int index = ex.neighbours()[j];
                boolean same = labels[index] == labels[ex.query()];
                thumb(
                        same ? "hit-ok" : "hit-wrong",
                        index,
                        String.format(Locale.ROOT, "d=%.3f c%d", 1 - ex.cosines()[j], labels[index]));
            }
            html.append("</div>\n");
        }
        html.append("</div>\n");
    }

    private void thumb(String kind, int index, String caption) {
        html.append("<figure class=\"thumb ").append(kind).append("\">");
        if (thumbnails != null) {
            html.append("<img class=\"thumb\" alt=\"test #")
                    .append(index)
                    .append("\" data-t=\"")
                    .append(thumbnails.id(index))
                    .append("\">");
        }
        html.append("<figcaption>").append(esc(caption)).append("</figcaption></figure>");
    }

    private String thumbnailTable() {
        if (thumbnails == null) {
            return "[]";
        }
        StringBuilder json = new StringBuilder("[");
        List<String> uris = thumbnails.dataUris();
        for (int i = 0; i < uris.size(); i++) {
            json.append(i == 0 ? "" : ",").append('"').append(uris.get(i)).append('"');
        }
        return json.append(']').toString();
    }

    private void concentration(Embeddings e) {
        ClassConcentration c = ClassConcentration.of(e.data(), e.n(), e.dim(), e.labels());
        int classes = c.counts().length;
        double meanR = 0;
        double meanKappa = 0;
        int present = 0;
        for (int k = 0; k < classes; k++) {
            if (c.counts()[k] > 0) {
                meanR += c.resultantLengths()[k];
                meanKappa += c.kappas()[k];
                present++;
            }
        }
        html.append("<h4>Per-class concentration</h4>\n<p>Test embeddings per class: mean resultant length")
                .append(" r = ||&Sigma; z|| / n (1: one direction) and the vMF estimate &kappa; &asymp; r (d &minus;")
                .append(" r&sup2;) / (1 &minus; r&sup2;), d = ")
                .append(e.dim())
                .append(String.format(
                        Locale.ROOT,
                        ". Mean over %d classes: r = %.3f, &kappa; = %.1f.",
                        present,
                        meanR / present,
                        meanKappa / present))
                .append("</p>\n");
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            if (c.counts()[k] > 0) {
                order.add(k);
            }
        }
        String label = "class";
        if (order.size() > MAX_CONCENTRATION_ROWS) {
            order.sort((a, b) -> Double.compare(c.resultantLengths()[a], c.resultantLengths()[b]));
            int half = MAX_CONCENTRATION_ROWS / 2;
            List<Integer> extremes = new ArrayList<>(order.subList(0, half));
            extremes.addAll(order.subList(order.size() - half, order.size()));
            order = extremes;
            label = "class (the " + half + " least and most concentrated)";
        }
        html.append("<table class=\"concentration\"><thead><tr><th>")
                .append(esc(label))
                .append("</th><th>n</th><th>r</th><th>&kappa;</th></tr></thead><tbody>\n");
        for (int k : order) {
            html.append(String.format(
                    Locale.ROOT,
                    "<tr><td>%s</td><td class=\"num\">%d</td><td class=\"num\">%.3f</td>"
                            + "<td class=\"num\">%.1f</td></tr>%n",
                    esc(classText(k)),
                    c.counts()[k],
                    c.resultantLengths()[k],
                    c.kappas()[k]));
        }
        html.append("</tbody></table>\n");
    }

    /** For classification cells whose loss classifies: the loss's classifier on the test embeddings. */
    private void confusion(CellResult cell, Path cellDir, Embeddings e) {
        Path modelDir = cellDir.resolve(ModelExport.DIRECTORY);
        ModelDescription d;
        try {
            d = ModelExport.read(modelDir);
        } catch (DsmlException ex) {
            return;
        }
        if (!d.sharedClasses() || d.classes() > MAX_CONFUSION_CLASSES) {
            return;
        }
        Optional<TrainedCell.Predictions> predictions;
        try (TrainedCell model = TrainedCell.open(modelDir, registries)) {
            predictions = model.classify(new EmbeddingSet(e.data(), e.n(), e.dim(), e.labels()));
        }
        if (predictions.isEmpty()) {
            return;
        }
        int classes = d.classes();
        int[][] counts = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < e.n(); i++) {
            int predicted = predictions.get().classes()[i];
            counts[e.labels()[i]][predicted]++;
            correct += predicted == e.labels()[i] ? 1 : 0;
        }
        html.append("<h4>Confusion matrix</h4>\n<p>Rows: true class, columns: the class the loss's classifier"
                        + " assigns (test split). Accuracy ")
                .append(String.format(Locale.ROOT, "%.2f%%", 100.0 * correct / e.n()))
                .append(
                        cell.metrics().containsKey("accuracy")
                                ? String.format(
                                        Locale.ROOT,
                                        " (training's evaluation: %.2f%%)",
                                        100 * cell.metrics().get("accuracy"))
                                : "")
                .append(".</p>\n<table class=\"confusion\"><thead><tr><th></th>");
        for (int c = 0; c < classes; c++) {
            html.append("<th>").append(c).append("</th>");
        }
        html.append("</tr></thead><tbody>\n");
        for (int t = 0; t < classes; t++) {
            int total = java.util.Arrays.stream(counts[t]).sum();
            html.append("<tr><th>").append(t).append("</th>");
            for (int p = 0; p < classes; p++) {
                double share = total == 0 ? 0 : (double) counts[t][p] / total;
                String colour = t == p ? "26,155,47" : "212,32,32";
                html.append(String.format(
                        Locale.ROOT,
                        "<td style=\"background:rgba(%s,%.2f)\">%d</td>",
                        colour,
                        Math.min(1, share * (t == p ? 1 : 3)),
                        counts[t][p]));
            }
            html.append("</tr>\n");
        }
        html.append("</tbody></table>\n");
    }

    // ---- helpers -------------------------------------------------------------------------------

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String resource(String name) {
        try (InputStream in = RunReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
