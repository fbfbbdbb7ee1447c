package io.dsml.core.run;

import io.dsml.core.config.CellPlan;
import io.dsml.core.config.ComponentConfig;
import io.dsml.core.files.PathComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeMap;

/**
 * The one place that names a cell: {@code <backbone>__<loss>__seed<N>} (and {@code __fold<F>} for
 * one fold of a cross-validation), the name of its directory
 * under {@code cells/} and its id in tables, {@code --cell} and logs. A component is named by its
 * label, or by its name and the hyperparameters that were set; a hyperparameter that is a file
 * (pretrained weights) counts by its file name only, so ids stay short and do not depend on where
 * the file lies. A part still longer than {@value #MAX_PART} characters becomes its name and a
 * short hash of the whole.
 *
 * <p>Older versions wrote the full values (e.g. {@code
 * resnet50_freeze_bn=true_weights=_tmp_..._resnet50-0676ba61.pth___vmf__seed1}); {@link
 * #adopt} keeps those names for a run directory that already has them, so old runs resume and
 * report unchanged.
 */
final class CellIds {
    /** The longest backbone or loss part of an id kept as written. */
    static final int MAX_PART = 80;

    private CellIds() {}

    /** The id of the cell of {@code backbone} x {@code loss} x {@code seed}. */
    static String of(ComponentConfig backbone, ComponentConfig loss, long seed) {
        return sanitize(part(backbone) + "__" + part(loss) + "__seed" + seed);
    }

    /** The id of fold {@code fold} of the cell of {@code backbone} x {@code loss} x {@code seed}. */
    static String of(ComponentConfig backbone, ComponentConfig loss, long seed, int fold) {
        String id = of(backbone, loss, seed);
        return fold == CellPlan.NO_FOLD ? id : id + "__fold" + fold;
    }

    /** The id that versions before short ids gave the same cell. */
    static String legacy(ComponentConfig backbone, ComponentConfig loss, long seed) {
        return sanitize(backbone.displayName() + "__" + loss.displayName() + "__seed" + seed);
    }

    /**
     * The grid with each cell named as {@code directory} already names it: a cell that has only
     * a directory under its older id keeps that id.
     */
    static List<CellPlan> adopt(RunDirectory directory, List<CellPlan> grid) {
        Path cells = directory.store().cellsDir();
        return grid.stream()
                .map(plan -> {
                    if (plan.hasFold()) {
                        return plan; // folds came after the short ids
                    }
                    String old = legacy(plan.backbone(), plan.loss(), plan.seed());
                    boolean onlyOld = !old.equals(plan.id())
                            && PathComponent.problem(old) == null
                            && !Files.exists(cells.resolve(plan.id()))
                            && Files.isDirectory(cells.resolve(old));
                    return onlyOld ? plan.withId(old) : plan;
                })
                .toList();
    }

    private static String part(ComponentConfig component) {
        String label = component.label();
        if (label != null && !label.isBlank()) {
            return shortened(component.name(), label);
        }
        if (component.params().isEmpty()) {
            return shortened(component.name(), component.displayName());
        }
        StringBuilder text = new StringBuilder(component.name()).append('(');
        new TreeMap<>(component.params())
                .forEach((k, v) ->
                        text.append(k).append('=').append(fileNameIfPath(v)).append(','));
        text.setCharAt(text.length() - 1, ')');
        String normalization =
                component.displayName().substring(component.displayName().lastIndexOf(')') + 1);
        return shortened(component.name(), text + normalization);
    }

    /** A value that names a file counts by its file name. */
    private static Object fileNameIfPath(Object value) {
        if (value instanceof String text && (text.contains("/") || text.contains("\\"))) {
            String name = text.replaceAll("[/\\\\]+$", "");
            return name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        }
        return value;
    }

    private static String shortened(String name, String part) {
        if (part.length() <= MAX_PART) {
            return part;
        }
        return name + "-" + hash(part);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static String sanitize(String id) {
        return id.replaceAll("[^A-Za-z0-9_.=-]+", "_");
    }
}
