package io.extractor.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.sink.ParquetBytes;
import io.extractor.sink.PartFile;
import io.extractor.sink.PartStore;
import io.extractor.sink.PartUpload;
import io.extractor.sink.SinkException;
import io.extractor.sink.SinkLayout;
import io.extractor.sink.SinkSettings;
import io.extractor.sink.UploadSettings;
import io.extractor.sink.UploadedPart;
import io.extractor.testkit.S3Objects;
import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.TestServices;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** The S3 part store against a real S3 API (S3Proxy): what the worker, the finisher and resume rely on. */
class S3PartStoreTest {
    private static final int PIECE = 5 << 20;
    private static final UploadSettings UPLOAD = new UploadSettings(PIECE, 2, Duration.ofSeconds(5));

    private static S3ProxyServer server;
    private static S3Client s3;
    private static String bucket;
    private static ExecutorService pieces;

    private PartStore store;
    private SinkLayout layout;
    private String folder;

    @BeforeAll
    static void startS3() {
        server = S3ProxyServer.start();
        bucket = TestServices.unique("store");
        server.createBucket(bucket);
        s3 = server.client();
        pieces = Executors.newCachedThreadPool();
    }

    @AfterAll
    static void stopS3() {
        pieces.shutdownNow();
        s3.close();
        server.close();
    }

    @BeforeEach
    void openStore() {
        SinkSettings settings = settings(server.endpoint(), bucket, TestServices.unique("prefix"));
        store = S3PartStore.open(settings);
        layout = settings.layout();
        folder = layout.runFolder("orders", "r1");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void aPartIsInvisibleUntilCompletedAndThenHoldsEveryByteWritten() throws IOException {
        String key = layout.partKey("orders", "r1", 0);
        List<String> started = new ArrayList<>();
        byte[] bytes = bytes(PIECE + 1000);

        UploadedPart part;
        try (PartUpload upload = store.openPart(key, UPLOAD, pieces, started::add)) {
            upload.write(bytes, 0, 10);
            upload.write(bytes[10]);
            upload.write(bytes, 11, bytes.length - 11);
            assertThat(upload.position()).isEqualTo(bytes.length);
            upload.close();
            part = upload.result();
        }

        assertThat(started).as("told the upload id once, when it was assigned").containsExactly(part.uploadId());
        assertThat(part.pieces()).as("two pieces: a full one and the rest").hasSize(2);
        assertThat(part.bytes()).isEqualTo(bytes.length);
        assertThat(store.list(folder)).as("nothing visible before completion").isEmpty();
        assertThat(store.openUploads(folder)).containsExactly(new PartStore.OpenUpload(key, part.uploadId()));

        store.complete(part);

        assertThat(store.list(folder)).containsExactly(new PartStore.StoredObject(key, bytes.length));
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray()).isEqualTo(bytes);
        assertThat(store.openUploads(folder)).isEmpty();
    }

    @Test
    void completingAPartAgainIsHarmlessButAnotherSizeAtItsKeyIsCaught() throws IOException {
        String key = layout.partKey("orders", "r1", 1);
        UploadedPart part = upload(key, bytes(100));
        store.complete(part);

        store.complete(part);

        UploadedPart gone = upload(key, bytes(99)); // an upload to the same key that is gone when completed
        store.abort(key, gone.uploadId());
        assertThatThrownBy(() -> store.complete(gone))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("holds 100 bytes").hasMessageContaining(gone.uploadId());
        assertThat(store.list(folder)).containsExactly(new PartStore.StoredObject(key, 100));
    }

    @Test
    void completingAnUploadThatWasAbortedSaysThePartIsLost() throws IOException {
        String key = layout.partKey("orders", "r1", 2);
        UploadedPart part = upload(key, bytes(100));
        store.abort(key, part.uploadId());

        assertThatThrownBy(() -> store.complete(part)).isInstanceOf(IllegalStateException.class).hasMessageContaining("the part is lost");
    }

    @Test
    void anAbortedPartLeavesNothingAndAbortingTwiceIsHarmless() throws IOException {
        String key = layout.partKey("orders", "r1", 3);
        UploadedPart part = upload(key, bytes(PIECE + 1));

        store.abort(key, part.uploadId());
        store.abort(key, part.uploadId());

        assertThat(store.openUploads(folder)).isEmpty();
        assertThat(store.list(folder)).isEmpty();
    }

    @Test
    void anUploadAbortedByItsWriterLeavesNothing() throws IOException {
        String key = layout.partKey("orders", "r1", 4);
        PartUpload upload = store.openPart(key, UPLOAD, pieces, id -> { });
        upload.write(bytes(PIECE + 10));

        upload.abort();

        assertThat(upload.uploadId()).isNotNull();
        assertThat(store.openUploads(folder)).isEmpty();
    }

    @Test
    void theSweepFindsEveryOpenUploadUnderAFolderAndNoneOutsideIt() throws IOException {
        String other = layout.runFolder("orders", "r10"); // shares the name's beginning, not the folder
        UploadedPart a = upload(layout.partKey("orders", "r1", 5), bytes(10));
        UploadedPart b = upload(layout.partKey("orders", "r1", 6), bytes(10));
        UploadedPart elsewhere = upload(layout.partKey("orders", "r10", 0), bytes(10));

        List<PartStore.OpenUpload> open = store.openUploads(folder);

        assertThat(open).containsExactlyInAnyOrder(new PartStore.OpenUpload(a.key(), a.uploadId()), new PartStore.OpenUpload(b.key(), b.uploadId()));
        open.forEach(u -> store.abort(u.key(), u.uploadId()));
        assertThat(store.openUploads(folder)).isEmpty();
        assertThat(store.openUploads(other)).containsExactly(new PartStore.OpenUpload(elsewhere.key(), elsewhere.uploadId()));
        store.abort(elsewhere.key(), elsewhere.uploadId());
    }

    @Test
    void aPartsFooterIsReadBackWithoutFetchingThePart() throws IOException {
        PartFile.Footer written = new PartFile.Footer("job-1", "job-1.0.7", "shop.orders", BigInteger.valueOf(700), BigInteger.valueOf(800), 2);
        String key = layout.partKey("orders", "r1", 7);
        store.complete(upload(key, ParquetBytes.withFooter(42, PartFile.metadata(written))));

        PartStore.StoredObject part = store.list(folder).getFirst();
        PartFile.Read read = store.footer(part);

        assertThat(read.rows()).isEqualTo(42);
        assertThat(read.footer()).contains(written);
    }

    @Test
    void aRunFolderKnowsWhetherItHoldsOutputAndWhetherItIsMarkedDone() {
        assertThat(store.holdsObjects(folder)).isFalse();
        assertThat(store.isMarkedSuccess(folder)).isFalse();

        store.writeManifest(folder, "{\"parts\": []}");
        store.markSuccess(folder);

        assertThat(store.holdsObjects(folder)).isTrue();
        assertThat(store.isMarkedSuccess(folder)).isTrue();
        assertThat(S3Objects.text(s3, bucket, SinkLayout.manifestKey(folder))).isEqualTo("{\"parts\": []}");
        assertThat(store.list(folder)).extracting(PartStore.StoredObject::key)
                .containsExactlyInAnyOrder(SinkLayout.manifestKey(folder), SinkLayout.successKey(folder));

        store.unmarkSuccess(folder);
        store.unmarkSuccess(folder);
        store.delete(SinkLayout.manifestKey(folder));

        assertThat(store.isMarkedSuccess(folder)).isFalse();
        assertThat(store.holdsObjects(folder)).isFalse();
    }

    @Test
    void aPlanIsStoredReadBackAndRemoved() {
        assertThat(store.planSize("job-1")).isEmpty();
        assertThat(store.readPlan("job-1")).isEmpty();

        store.writePlan("job-1", "{\"jobId\": \"job-1\"}");

        assertThat(store.planSize("job-1")).hasValue(18);
        assertThat(store.readPlan("job-1")).contains("{\"jobId\": \"job-1\"}");
        assertThat(S3Objects.keys(s3, bucket, layout.jobFolder("job-1"))).containsExactly(layout.planKey("job-1"));

        store.deletePlan("job-1");
        store.deletePlan("job-1");

        assertThat(store.readPlan("job-1")).isEmpty();
    }

    @Test
    void aMissingBucketIsARefusalThatNamesTheFolder() {
        try (PartStore nowhere = S3PartStore.open(settings(server.endpoint(), TestServices.unique("nobucket"), ""))) {
            assertThatThrownBy(() -> nowhere.holdsObjects("t/run=r/"))
                    .isInstanceOfSatisfying(SinkException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SinkException.Kind.REFUSED);
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.isTransient()).isFalse();
                    })
                    .hasMessageContaining("t/run=r/");
        }
    }

    @Test
    void aSinkThatDoesNotAnswerIsUnreachableAndWorthRetrying() throws IOException {
        int closedPort;
        try (var socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (PartStore down = S3PartStore.open(settings("http://127.0.0.1:" + closedPort, bucket, ""))) {
            assertThatThrownBy(() -> down.holdsObjects("t/run=r/"))
                    .isInstanceOfSatisfying(SinkException.class, e -> {
                        assertThat(e.kind()).isEqualTo(SinkException.Kind.UNREACHABLE);
                        assertThat(e.answered()).isFalse();
                        assertThat(e.isTransient()).isTrue();
                    });
        }
    }

    @Test
    void aPieceBelowTheS3MinimumIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() -> store.openPart(layout.partKey("orders", "r1", 9), new UploadSettings(1 << 20, 2, Duration.ofSeconds(1)), pieces,
                id -> { })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 MiB");
    }

    private UploadedPart upload(String key, byte[] bytes) throws IOException {
        try (PartUpload upload = store.openPart(key, UPLOAD, pieces, id -> { })) {
            upload.write(bytes);
            upload.close();
            return upload.result();
        }
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31 + 7);
        }
        return bytes;
    }

    private static SinkSettings settings(String endpoint, String bucket, String prefix) {
        return new SinkSettings("s3", Optional.of(endpoint), S3ProxyServer.REGION, bucket, prefix, true,
                Optional.of(S3ProxyServer.ACCESS_KEY), Optional.of(S3ProxyServer.SECRET_KEY));
    }
}
