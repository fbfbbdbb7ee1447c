package io.dsml.data.files;

import io.dsml.core.error.DsmlException;
import io.dsml.core.params.Params;
import io.dsml.core.spi.DatasetSplits;
import io.dsml.data.images.Splits;
import io.dsml.data.local.LoadReport;
import io.dsml.data.pipeline.ImagePipeline;
import io.dsml.data.pipeline.PipelineParams;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntPredicate;

/**
 * Turns the two entry lists of a split protocol into {@link DatasetSplits}: checks the listed
 * images ({@link ImageChecks}), builds the pipeline from the params, and numbers the labels as the
 * protocol requires - shared by both parts for {@code classification}, dense per part for {@code
 * retrieval}, and held-out training classes for {@code retrieval-val}.
 */
public final class FileSplits {
    /** The official train/test split with shared classes. */
    public static final String CLASSIFICATION = "classification";
    /** The zero-shot split: test classes disjoint from training classes. */
    public static final String RETRIEVAL = "retrieval";

    private FileSplits() {}

    /**
     * @param bboxCrop whether to crop images to their bounding boxes
     * @param description where the data came from and which protocol, for provenance
     */
    public static LoadReport build(
            Params params,
            String split,
            Path dir,
            List<ImageEntry> train,
            List<ImageEntry> test,
            boolean bboxCrop,
            String description) {
        boolean skip = params.getBoolean("skip_unreadable");
        boolean probe = skip || params.getBoolean("verify_images");
        ImageChecks.Result trainCheck = ImageChecks.check(train, probe, skip);
        ImageChecks.Result testCheck = ImageChecks.check(test, probe, skip);
        List<String> examples = new ArrayList<>(trainCheck.examples());
        examples.addAll(testCheck.examples());
        int skipped = trainCheck.skipped() + testCheck.skipped();
        String source = skipped == 0 ? description : description + ", " + skipped + " unreadable images skipped";
        ImagePipeline pipeline = PipelineParams.from(params);
        List<ImageEntry> keptTrain = trainCheck.kept();
        List<ImageEntry> keptTest = testCheck.kept();
        LoadReport.requireImages(keptTrain.size(), "training", description);
        DatasetSplits splits = switch (split) {
            case CLASSIFICATION -> {
                LoadReport.requireImages(keptTest.size(), "test", description);
                int[] ids = classIds(keptTrain, keptTest);
                yield new DatasetSplits(
                        FileImages.shared(keptTrain, ids, pipeline, bboxCrop),
                        FileImages.shared(keptTest, ids, pipeline, bboxCrop),
                        true,
                        source);
            }
            case RETRIEVAL -> {
                LoadReport.requireImages(keptTest.size(), "test", description);
                yield new DatasetSplits(
                        FileImages.dense(keptTrain, pipeline, bboxCrop),
                        FileImages.dense(keptTest, pipeline, bboxCrop),
                        false,
                        source);
            }
            case Splits.RETRIEVAL_VALIDATION ->
                Splits.validation(FileImages.dense(keptTrain, pipeline, bboxCrop), params, source);
            default -> throw new DsmlException("dataset.split: unknown split '" + split + "'");
        };
        return new LoadReport(splits, dir, skipped, examples);
    }

    /**
     * The two protocols of a benchmark whose images carry an official train/test flag (CUB-200,
     * Cars196): {@code classification} splits by that flag; {@code retrieval} and {@code
     * retrieval-val} by the first half of the classes ({@link #firstHalfBoundary}).
     *
     * @param name the dataset's registered name, for provenance
     * @param officialTest whether entry {@code i} is in the official test part
     * @param officialProtocol how the official flag is named, for provenance
     * @param classes the number of classes the annotations declare
     */
    public static LoadReport officialOrZeroShot(
            Params params,
            String split,
            Path dir,
            String name,
            List<ImageEntry> entries,
            IntPredicate officialTest,
            String officialProtocol,
            int classes,
            boolean bboxCrop) {
        List<ImageEntry> train = new ArrayList<>();
        List<ImageEntry> test = new ArrayList<>();
        String protocol;
        if (split.equals(CLASSIFICATION)) {
            for (int i = 0; i < entries.size(); i++) {
                (officialTest.test(i) ? test : train).add(entries.get(i));
            }
            protocol = officialProtocol;
        } else {
            int boundary = firstHalfBoundary(entries);
            train = byClass(entries, c -> c <= boundary);
            test = byClass(entries, c -> c > boundary);
            protocol = "zero-shot classes 1-" + boundary + " / " + (boundary + 1) + "-" + classes;
        }
        String description = name + " from " + dir + ", " + protocol + (bboxCrop ? ", bounding-box crops" : "");
        return build(params, split, dir, train, test, bboxCrop, description);
    }

    /** The entries whose class id satisfies {@code keep}. */
    public static List<ImageEntry> byClass(List<ImageEntry> entries, IntPredicate keep) {
        return entries.stream().filter(e -> keep.test(e.classId())).toList();
    }

    /**
     * The largest class id of the first half of the classes, by id: the zero-shot boundary of CUB
     * (100 of 200) and Cars196 (98 of 196).
     */
    public static int firstHalfBoundary(List<ImageEntry> entries) {
        int[] ids = classIds(entries, List.of());
        if (ids.length < 2) {
            throw new DsmlException("a zero-shot split needs at least 2 classes, found " + ids.length);
        }
        return ids[ids.length / 2 - 1];
    }

    private static int[] classIds(List<ImageEntry> a, List<ImageEntry> b) {
        TreeSet<Integer> ids = new TreeSet<>();
        a.forEach(e -> ids.add(e.classId()));
        b.forEach(e -> ids.add(e.classId()));
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }
}
