package io.dsml.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.dsml.core.error.DsmlException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingDevicesTest {
    @Test
    void cpuEntriesAreReplicasOnTheOneCpuDevice() {
        TrainingDevices devices = TrainingDevices.resolve(List.of("cpu(0)", "CPU1"));
        assertThat(devices.names()).containsExactly("cpu(0)", "cpu(1)");
        assertThat(devices.devices()).containsExactly(Device.cpu(), Device.cpu());
        assertThat(devices.count()).isEqualTo(2);
    }

    @Test
    void anEmptyListMeansTheEnginesDevices() {
        TrainingDevices devices = TrainingDevices.resolve(List.of());
        assertThat(devices.devices()).containsExactly(Engine.getInstance().getDevices());
    }

    @Test
    void refusesGpusTheEngineDoesNotSeeAndRepeatedDevices() {
        int gpus = Engine.getInstance().getGpuCount();
        assertThatThrownBy(() -> TrainingDevices.resolve(List.of("gpu(" + gpus + ")")))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("training.devices[0]: gpu(" + gpus + ")")
                .hasMessageContaining("sees " + gpus + " GPU(s)");
        assertThatThrownBy(() -> TrainingDevices.resolve(List.of("cpu", "cpu(0)")))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("training.devices[1]: cpu(0) is listed twice");
    }

    @Test
    void refusesCpuReplicasBeyondTheListAsDevicesTheEngineDoesNotHave() {
        assertThatThrownBy(() -> TrainingDevices.resolve(List.of("cpu(99)")))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("training.devices[0]: cpu(99) but the")
                .hasMessageContaining("engine has one CPU device")
                .hasMessageEndingWith("1 CPU replica(s) are written cpu(0)");
        assertThatThrownBy(() -> TrainingDevices.resolve(List.of("cpu(0)", "cpu(2)")))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("training.devices[1]: cpu(2)")
                .hasMessageEndingWith("are written cpu(0) to cpu(1)");
        assertThat(TrainingDevices.resolve(List.of("cpu(1)", "cpu(0)")).count()).isEqualTo(2);
    }

    @Test
    void slicesCoverTheBatchInOrder() {
        assertThat(DataParallelStep.cuts(32, 2)).containsExactly(16);
        assertThat(DataParallelStep.cuts(10, 3)).containsExactly(3, 6);
    }
}
