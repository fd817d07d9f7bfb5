package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.extractor.testkit.ParquetVerifier;
import io.extractor.testkit.S3Objects;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

/** Checks a finished job's output in the bucket: exactly the source, and nothing else. */
final class Output {
    private Output() {
    }

    /**
     * Asserts that the table folder holds exactly one part per committed task with rows, the manifest and
     * {@code _SUCCESS}, no multipart upload left open, and that the parts equal the source value by value.
     */
    static ParquetVerifier.Result assertExact(Cluster cluster, String jobId, String table, Path downloads) throws Exception {
        String folder = "out/" + table + "/run=" + jobId + "/";
        Set<String> committed = new HashSet<>();
        for (JsonNode task : cluster.tasks(jobId)) {
            assertThat(task.path("state").asText()).as("task %s", task.path("id").asText()).isEqualTo("SUCCESS");
            if (!task.path("part").isNull()) {
                committed.add(task.path("part").asText());
            }
        }
        try (S3Client s3 = cluster.s3.client()) {
            Set<String> expected = new HashSet<>(committed);
            expected.add(folder + "_manifest.json");
            expected.add(folder + "_SUCCESS");
            assertThat(S3Objects.keys(s3, cluster.bucket, folder)).as("objects in the table folder").containsExactlyInAnyOrderElementsOf(expected);
            List<MultipartUpload> open = s3.listMultipartUploads(b -> b.bucket(cluster.bucket).prefix("out/")).uploads();
            assertThat(open).as("multipart uploads left open").isEmpty();
            Path dir = Files.createDirectories(downloads.resolve(jobId));
            List<Path> parts = S3Objects.downloadParquet(s3, cluster.bucket, folder, dir);
            ParquetVerifier.Result result = ParquetVerifier.compare(table, "id", parts);
            assertThat(result.differences()).isEmpty();
            assertThat(result.parquetRows()).isEqualTo(result.sourceRows());
            return result;
        }
    }
}
