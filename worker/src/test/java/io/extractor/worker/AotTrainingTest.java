package io.extractor.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.worker.task.WorkerSettings;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AotTrainingTest {

    @Test
    void aTrainingRunWritesItsPartsWithNoDatabaseRedisOrS3() {
        // the stand-in S3 checks that every part was completed and is a Parquet file; the MySQL side must fail as a task's would
        assertThat(new AotTraining(WorkerSettings.of(Map.of())).run()).isZero();
    }

    @Test
    void signedChunksAreReadBackToTheirPayload() {
        String body = "5;chunk-signature=aa\r\nhello\r\n3;chunk-signature=bb\r\n PA\r\n0;chunk-signature=cc\r\n\r\n";

        byte[] payload = AotTraining.StandInS3.unchunk(body.getBytes(StandardCharsets.US_ASCII));

        assertThat(new String(payload, StandardCharsets.US_ASCII)).isEqualTo("hello PA");
        assertThatThrownBy(() -> AotTraining.StandInS3.unchunk("5;chunk-signature=aa".getBytes(StandardCharsets.US_ASCII)))
                .hasMessageContaining("chunk header");
    }
}
