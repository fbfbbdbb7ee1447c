package io.dsml.core.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each engine's words for a size it cannot hold, as one line (the engines' messages verbatim). */
class EngineFailureTest {
    @Test
    void mxnetsElementLimitAndPyTorchsAllocatorAreNamed() {
        assertThat(EngineFailure.reason(new RuntimeException(
                        "MXNet engine call failed: Check failed: size < INT32_MAX: Size of tensor you are trying to "
                                + "allocate is larger than 2^31 elements. Please build with flag "
                                + "USE_INT64_TENSOR_SIZE=1 (2000000000000 vs. 2147483647)")))
                .isEqualTo("a tensor of 2,000,000,000,000 elements is larger than the engine's limit of 2^31 - 1");
        assertThat(EngineFailure.reason(new RuntimeException(
                        "[enforce fail at alloc_cpu.cpp:119] err == 0. DefaultCPUAllocator: can't allocate memory: "
                                + "you tried to allocate 1254400000000 bytes. Error code 12 (Cannot allocate memory)")))
                .isEqualTo("the engine could not allocate 1168.3 GiB for one tensor");
        assertThat(EngineFailure.reason(new RuntimeException("CUDA out of memory. Tried to allocate 2.00 GiB")))
                .isEqualTo("the engine could not allocate the memory it needs");
    }
}
