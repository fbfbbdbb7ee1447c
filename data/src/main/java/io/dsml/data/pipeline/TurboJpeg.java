package io.dsml.data.pipeline;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.dsml.core.error.DsmlException;
import java.nio.file.Path;

/**
 * JPEG decoding through libjpeg-turbo's TurboJPEG API (Debian's {@code libturbojpeg0}), loaded
 * with JNA when present. Why: ImageIO's JPEG decoder is a plain port of IJG libjpeg 6b and decoded
 * 500x375 photos at about half the rate of PIL on one core; libjpeg-turbo is the SIMD decoder PIL
 * itself links, so with it dsml decodes the same pixels as torchvision's PIL pipeline, at its
 * speed. docs/results/pipeline.md has the measurements.
 *
 * <p>Warnings count as errors: libjpeg-turbo fills what a truncated or corrupt file lacks with
 * grey and only warns, and a grey lower half must never train silently. CMYK and YCCK files are
 * left to ImageDecoder's ImageIO path ({@link #decode} returns {@code null}). One decompressor
 * handle per thread.
 */
final class TurboJpeg {
    private static final int TJPF_RGB = 0;
    private static final int TJCS_CMYK = 3;
    private static final int TJCS_YCCK = 4;

    /** The subset of turbojpeg.h that decoding needs (libjpeg-turbo 2.x). */
    interface Api extends Library {
        Pointer tjInitDecompress();

        int tjDecompressHeader3(
                Pointer handle, byte[] jpeg, long size, int[] width, int[] height, int[] subsampling, int[] colorspace);

        int tjDecompress2(
                Pointer handle,
                byte[] jpeg,
                long size,
                byte[] destination,
                int width,
                int pitch,
                int height,
                int pixelFormat,
                int flags);

        String tjGetErrorStr2(Pointer handle);

        int tjDestroy(Pointer handle);
    }

    private static final Api API = load();
    private static final ThreadLocal<Pointer> HANDLE = ThreadLocal.withInitial(() -> API.tjInitDecompress());

    private TurboJpeg() {}

    private static Api load() {
        try {
            return Native.load("turbojpeg", Api.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Whether libturbojpeg could be loaded. */
    static boolean available() {
        return API != null;
    }

    /** Whether {@code bytes} start with a JPEG's SOI marker. */
    static boolean isJpeg(byte[] bytes) {
        return bytes.length > 3 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xd8;
    }

    /**
     * Decodes a JPEG to RGB, or returns {@code null} for a CMYK/YCCK file (ImageIO converts those).
     *
     * @throws DsmlException naming {@code file} when the data are corrupt or truncated
     */
    static RgbImage decode(Path file, byte[] jpeg) {
        Pointer handle = HANDLE.get();
        if (handle == null) {
            throw new DsmlException(file + ": cannot start libjpeg-turbo's decoder");
        }
        int[] width = new int[1];
        int[] height = new int[1];
        int[] subsampling = new int[1];
        int[] colorspace = new int[1];
        if (API.tjDecompressHeader3(handle, jpeg, jpeg.length, width, height, subsampling, colorspace) != 0) {
            throw new DsmlException(file + ": unreadable image: " + API.tjGetErrorStr2(handle));
        }
        if (colorspace[0] == TJCS_CMYK || colorspace[0] == TJCS_YCCK) {
            return null;
        }
        if (width[0] < 1 || height[0] < 1 || (long) width[0] * height[0] > Integer.MAX_VALUE / 3) {
            throw new DsmlException(file + ": unreadable image: size " + width[0] + "x" + height[0]);
        }
        byte[] rgb = new byte[3 * width[0] * height[0]];
        if (API.tjDecompress2(handle, jpeg, jpeg.length, rgb, width[0], 3 * width[0], height[0], TJPF_RGB, 0) != 0) {
            throw new DsmlException(
                    file + ": unreadable image: " + API.tjGetErrorStr2(handle).strip()
                            + " (libjpeg-turbo; the file is probably truncated or corrupt)");
        }
        return new RgbImage(width[0], height[0], rgb);
    }
}
