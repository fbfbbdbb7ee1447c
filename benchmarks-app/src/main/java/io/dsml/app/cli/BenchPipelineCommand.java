package io.dsml.app.cli;

import io.dsml.app.bench.PipelineBenchmark;
import io.dsml.core.error.DsmlException;
import io.dsml.data.pipeline.ImageDecoder;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dsml bench pipeline}: images/s of the training-time image pipeline. */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description = {
            "Time the training-time image pipeline alone: decode + RandomResizedCrop + flip + normalise into a float"
                    + " tensor, on N threads, over every JPEG/PNG under a directory. benchmarks/pipeline/"
                    + "pipeline_compare.py runs it against torchvision's transforms with PIL on the same files."
        })
public final class BenchPipelineCommand extends CommandBase implements Callable<Integer> {
    @Option(names = "--images", required = true, description = "Directory of JPEG/PNG files (searched recursively).")
    Path images;

    @Option(names = "--threads", defaultValue = "1", description = "Worker threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--size", defaultValue = "224", description = "Crop size (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "Timed rounds over all files (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(
            names = "--decoder",
            defaultValue = "auto",
            description =
                    "JPEG decoder: auto (libjpeg-turbo when installed), turbo or imageio (default: ${DEFAULT-VALUE}).")
    String decoder;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() {
        if (threads < 1 || threads > 256 || size < 8 || size > 1024 || rounds < 1 || rounds > 1000) {
            throw new DsmlException("need 1 <= --threads <= 256, 8 <= --size <= 1024 and 1 <= --rounds <= 1000");
        }
        System.setProperty(ImageDecoder.JPEG_DECODER_PROPERTY, decoder);
        PipelineBenchmark.Result result =
                PipelineBenchmark.run(PipelineBenchmark.images(images), threads, size, rounds);
        out().println(json ? result.toJson() : result.toText());
        return 0;
    }
}
