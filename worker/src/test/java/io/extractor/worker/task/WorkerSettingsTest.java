package io.extractor.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;

class WorkerSettingsTest {

    @Test
    void theDefaultsAreThoseOfWorkerConfig() {
        WorkerSettings settings = WorkerSettings.of(Map.of());

        assertThat(settings.slots()).isEqualTo(1);
        assertThat(settings.lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.batchBytes()).isEqualTo(8L << 20);
        assertThat(settings.pieceBytes()).isEqualTo(8 << 20);
        assertThat(settings.sinkPatience()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.redisPatience()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.taskTimeout()).isEqualTo(Duration.ZERO);
        assertThat(settings.maxRowBytes()).isEqualTo(WorkerSettings.defaultMaxRowBytes(Runtime.getRuntime().maxMemory(), 1));
        assertThat(settings.parquet().codec()).isEqualTo(CompressionCodecName.ZSTD);
        assertThat(settings.workerId()).isNotBlank();
    }

    @Test
    void aPropertySetByNameOverridesItsDefault() {
        WorkerSettings settings = WorkerSettings.of(Map.of("extractor.worker.fetch-size", "7", "extractor.parquet.compression", "snappy",
                "extractor.worker.max-row-bytes", "2M"));

        assertThat(settings.fetchSize()).isEqualTo(7);
        assertThat(settings.parquet().codec()).isEqualTo(CompressionCodecName.SNAPPY);
        assertThat(settings.maxRowBytes()).isEqualTo(2L << 20);
    }

    @Test
    void aHeartbeatNoShorterThanTheLeaseIsRefusedNamingBoth() {
        assertThatThrownBy(() -> WorkerSettings.of(Map.of("extractor.worker.heartbeat", "30s")))
                .hasMessageContaining("extractor.worker.heartbeat (PT30S) must be shorter than the lease (PT30S)");
    }
}
