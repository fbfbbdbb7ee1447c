package io.dsml.core.tune;

import io.dsml.core.files.AtomicFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The trials of a search as a table: one row per trial in number order, with its status, the
 * value of every parameter of the space, the validation score of each fold ({@code fold_0} ...)
 * and their mean. Folds not scored (yet) and the mean of a trial not fully scored are left empty.
 * The Markdown table rounds for reading (scores to 4 decimals, reals to 4 significant digits) and
 * names the best complete trial below it; the CSV keeps every digit.
 */
public final class TrialsTable {
    /** The file names {@link #write} writes. */
    public static final String MARKDOWN = "trials.md";

    public static final String CSV = "trials.csv";

    private final SearchSpace space;
    private final List<Trial> trials;
    private final int folds;

    /** The table of {@code trials}, whose parameters are those of {@code space}. */
    public TrialsTable(SearchSpace space, List<Trial> trials) {
        this.space = space;
        this.trials =
                trials.stream().sorted(Comparator.comparingInt(Trial::number)).toList();
        this.folds = Math.max(
                1, trials.stream().mapToInt(t -> t.foldScores().size()).max().orElse(1));
    }

    /** The header row: trial, status, the parameters, fold_0 .. fold_{k-1}, mean. */
    public List<String> header() {
        List<String> header = new ArrayList<>(List.of("trial", "status"));
        header.addAll(space.names());
        for (int f = 0; f < folds; f++) {
            header.add("fold_" + f);
        }
        header.add("mean");
        return header;
    }

    /** The table in Markdown, then a line naming the best complete trial (if any). */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        List<String> header = header();
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        md.append("---|".repeat(header.size())).append('\n');
        for (Trial t : trials) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(t.number()), status(t)));
            space.names().forEach(name -> cells.add(markdownValue(t.params().get(name))));
            for (int f = 0; f < folds; f++) {
                cells.add(markdownScore(fold(t, f)));
            }
            cells.add(markdownScore(t.score()));
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        Trial.best(trials)
                .ifPresent(best -> md.append("\nBest: trial ")
                        .append(best.number())
                        .append(", mean validation score ")
                        .append(markdownScore(best.score()))
                        .append(".\n"));
        return md.toString();
    }

    /** The table as CSV (RFC 4180 quoting), numbers in full precision. */
    public String csv() {
        StringBuilder csv = new StringBuilder(
                String.join(",", header().stream().map(TrialsTable::quote).toList()));
        csv.append('\n');
        for (Trial t : trials) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(t.number()), status(t)));
            space.names()
                    .forEach(name -> cells.add(quote(String.valueOf(t.params().get(name)))));
            for (int f = 0; f < folds; f++) {
                cells.add(csvScore(fold(t, f)));
            }
            cells.add(csvScore(t.score()));
            csv.append(String.join(",", cells)).append('\n');
        }
        return csv.toString();
    }

    /**
     * Writes {@value #MARKDOWN} and {@value #CSV} into {@code directory}, each atomically (a kill
     * leaves the previous table or the new one).
     */
    public void write(Path directory) {
        AtomicFile.write(
                directory.resolve(MARKDOWN),
                "trials table",
                out -> out.write(markdown().getBytes(StandardCharsets.UTF_8)));
        AtomicFile.write(
                directory.resolve(CSV), "trials table", out -> out.write(csv().getBytes(StandardCharsets.UTF_8)));
    }

    private static double fold(Trial t, int f) {
        return f < t.foldScores().size() && t.foldScores().get(f) != null
                ? t.foldScores().get(f)
                : Double.NaN;
    }

    private static String status(Trial t) {
        return t.status().name().toLowerCase(Locale.ROOT);
    }

    private static String markdownValue(Object value) {
        String text = value instanceof Double || value instanceof Float
                ? String.format(Locale.ROOT, "%.4g", ((Number) value).doubleValue())
                : String.valueOf(value);
        return text.replace("|", "\\|");
    }

    private static String markdownScore(double score) {
        return Double.isFinite(score) ? String.format(Locale.ROOT, "%.4f", score) : "";
    }

    private static String csvScore(double score) {
        return Double.isFinite(score) ? Double.toString(score) : "";
    }

    private static String quote(String text) {
        boolean needs = text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r");
        return needs ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }
}
