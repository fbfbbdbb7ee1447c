package io.dsml.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * README's test command must work by itself on a CPU that MXNet's bundled OpenBLAS misdetects (a
 * cloud VM reporting "AMD EPYC" crashes in strsm_kernel_LT_BARCELONA). The build gives every forked
 * test JVM {@code OPENBLAS_CORETYPE} (root pom, {@code openblas.coretype}); this checks it arrived,
 * wherever the Haswell kernels can run.
 */
class OpenBlasKernelsTest {

    @Test
    void everyTestJvmOnAnAvx2CpuNamesItsOpenBlasKernels() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        assumeTrue(Files.isReadable(cpuinfo), "not Linux");
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "not x86-64");
        assumeTrue(
                Pattern.compile("\\bavx2\\b").matcher(Files.readString(cpuinfo)).find(), "no AVX2");

        assertThat(System.getenv("OPENBLAS_CORETYPE"))
                .as("OPENBLAS_CORETYPE in the forked test JVM")
                .isNotBlank();
    }
}
