package io.dsml.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.dsml.core.error.DsmlException;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

/** The small decisions of the Spark driver and tasks, each by itself. */
class SparkPartsTest {
    @Test
    void aTaskTrainsOnTheGpusSparkAssignedIt() {
        Device[] devices = CellTask.gpus(Map.of("gpu", new ResourceInformation("gpu", new String[] {"3", "5"})));
        assertThat(devices).containsExactly(Device.gpu(3), Device.gpu(5));
        assertThatThrownBy(() -> CellTask.gpus(Map.of("gpu", new ResourceInformation("gpu", new String[] {"GPU-0a"}))))
                .isInstanceOf(DsmlException.class)
                .hasMessageContaining("'GPU-0a': not a CUDA device index");
        assertThat(CellTask.gpus(Map.of())).isNotEmpty(); // no GPUs assigned: the engine's devices
    }

    @Test
    void attemptsPerTaskFollowSparksRules() {
        SparkConf conf = new SparkConf(false);
        assertThat(SparkGridBackend.SparkSettings.attempts(conf, "local[2]")).isEqualTo(1);
        assertThat(SparkGridBackend.SparkSettings.attempts(conf, "local[2,3]")).isEqualTo(3);
        assertThat(SparkGridBackend.SparkSettings.attempts(conf, "local[*, 5]")).isEqualTo(5);
        assertThat(SparkGridBackend.SparkSettings.attempts(conf, "spark://h:7077"))
                .isEqualTo(4);
        conf.set("spark.task.maxFailures", "7");
        assertThat(SparkGridBackend.SparkSettings.attempts(conf, "yarn")).isEqualTo(7);
    }

    @Test
    void engineThreadsComeFromTheTaskCoresAndExecutorsStayOffline() {
        SparkGridBackend.SparkSettings settings =
                SparkGridBackend.SparkSettings.of("local[2]", Map.of("spark.task.cpus", "2"));
        assertThat(settings.conf().get("spark.executorEnv.OMP_NUM_THREADS")).isEqualTo("2");
        assertThat(settings.conf().get("spark.executorEnv.MXNET_ENGINE_TYPE")).isEqualTo("NaiveEngine");
        assertThat(settings.conf().get("spark.executor.extraJavaOptions"))
                .contains("-Dai.djl.offline=true")
                .contains("-Dai.djl.pytorch.num_threads=2");
        SparkGridBackend.SparkSettings gpu = SparkGridBackend.SparkSettings.of(
                "local[2]", Map.of("spark.task.resource.gpu.amount", "1", "spark.executorEnv.OMP_NUM_THREADS", "4"));
        assertThat(gpu.conf().contains("spark.executorEnv.MXNET_ENGINE_TYPE")).isFalse();
        assertThat(gpu.conf().get("spark.executorEnv.OMP_NUM_THREADS")).isEqualTo("4");
    }

    @Test
    void sparkSubmitRunsTheExperimentCommandsOnItsSpark() {
        assertThat(SparkMain.withSpark(new String[] {"reproduce", "quickstart", "--runs-dir", "/shared"}))
                .containsExactly("reproduce", "--spark=", "quickstart", "--runs-dir", "/shared");
        assertThat(SparkMain.withSpark(new String[] {"train", "--spark", "local[1]"}))
                .containsExactly("train", "--spark", "local[1]");
        assertThat(SparkMain.withSpark(new String[] {"report", "runs/x/1"})).containsExactly("report", "runs/x/1");
        assertThat(SparkMain.withSpark(new String[] {"embed", "--run", "r", "--out", "o"}))
                .containsExactly("embed", "--spark=", "--run", "r", "--out", "o");
    }
}
