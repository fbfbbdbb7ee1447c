package io.dsml.app.bench;

import io.dsml.core.error.DsmlException;
import io.dsml.data.pipeline.Box;
import io.dsml.data.pipeline.ImageDecoder;
import io.dsml.data.pipeline.ImagePipeline;
import io.dsml.data.pipeline.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The training-time image pipeline of file datasets, timed alone: decode, RandomResizedCrop,
 * flip and normalise into a float tensor, on N threads, over every JPEG/PNG in a directory, in
 * rounds. What torchvision's {@code Compose([RandomResizedCrop(224), RandomHorizontalFlip(),
 * ToTensor(), Normalize(...)])} on PIL images does per sample; benchmarks/pipeline compares both.
 */
public final class PipelineBenchmark {
    /** One measured configuration. */
    public record Result(String decoder, int threads, int imageSize, int images, List<Double> imagesPerSecond) {
        /** Median over rounds. */
        public double median() {
            List<Double> sorted = imagesPerSecond.stream().sorted().toList();
            int n = sorted.size();
            return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }

        public String toText() {
            return String.format(
                    "pipeline: %d images, decoder %s, %d thread(s), %dx%d RandomResizedCrop + flip + normalise%n"
                            + "images/s per round: %s%nmedian: %.1f images/s",
                    images,
                    decoder,
                    threads,
                    imageSize,
                    imageSize,
                    imagesPerSecond.stream().map(v -> String.format("%.1f", v)).toList(),
                    median());
        }

        public String toJson() {
            return String.format(
                    "{\"decoder\":\"%s\",\"threads\":%d,\"image_size\":%d,\"images\":%d,\"images_per_second\":%s,"
                            + "\"median\":%.3f}",
                    decoder,
                    threads,
                    imageSize,
                    images,
                    imagesPerSecond.stream().map(v -> String.format("%.3f", v)).toList(),
                    median());
        }
    }

    private PipelineBenchmark() {}

    /** The image files directly under or below {@code dir}, sorted. */
    public static List<Path> images(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DsmlException(dir + ": no such directory");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> images = files.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase().matches(".*\\.(jpe?g|png)"))
                    .sorted()
                    .toList();
            if (images.isEmpty()) {
                throw new DsmlException(dir + ": no .jpg, .jpeg or .png files");
            }
            return images;
        } catch (IOException e) {
            throw new DsmlException(dir + ": cannot list: " + e.getMessage());
        }
    }

    /** Runs a warm-up round, then {@code rounds} timed rounds over every file. */
    public static Result run(List<Path> files, int threads, int imageSize, int rounds) {
        ImagePipeline pipeline = new ImagePipeline(
                imageSize,
                Math.max(imageSize, imageSize * 8 / 7),
                ImagePipeline.TrainCrop.RANDOM_RESIZED,
                0.08,
                true,
                ImagePipeline.IMAGENET_MEAN,
                ImagePipeline.IMAGENET_STD);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            round(files, pipeline, pool, threads, 0);
            List<Double> rates = new ArrayList<>();
            for (int r = 1; r <= rounds; r++) {
                long start = System.nanoTime();
                round(files, pipeline, pool, threads, r);
                rates.add(files.size() / ((System.nanoTime() - start) / 1e9));
            }
            return new Result(ImageDecoder.jpegDecoder(), threads, imageSize, files.size(), rates);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Every file once, taken from a shared counter by {@code threads} workers. */
    private static void round(List<Path> files, ImagePipeline pipeline, ExecutorService pool, int threads, int r) {
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                float[] tensor = new float[3 * pipeline.imageSize() * pipeline.imageSize()];
                for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                    RgbImage image = ImageDecoder.decode(files.get(i));
                    Random random = new Random(((long) r << 32) + i);
                    pipeline.apply(image, Box.of(image), true, random, tensor, 0);
                }
            }));
        }
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DsmlException("interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof DsmlException d) {
                    throw d;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
