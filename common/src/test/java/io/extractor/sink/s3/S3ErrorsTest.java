package io.extractor.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.extractor.sink.SinkException;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class S3ErrorsTest {
    private static final UncheckedIOException CLOSED = new UncheckedIOException(new SocketException("Unexpected end of file from server"));

    @Test
    void aCallWhoseConnectionTheServerClosedIsMadeOnceMore() {
        AtomicInteger calls = new AtomicInteger();

        String result = S3Errors.call("put s3://b/k", () -> {
            if (calls.incrementAndGet() == 1) {
                throw CLOSED;
            }
            return "etag";
        });

        assertThat(result).isEqualTo("etag");
        assertThat(calls).hasValue(2);
    }

    @Test
    void aSecondClosedConnectionIsTheSinkBeingUnreachableNotAnInternalError() {
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> S3Errors.call("put s3://b/k", () -> {
            calls.incrementAndGet();
            throw CLOSED;
        })).isInstanceOfSatisfying(SinkException.class, e -> {
            assertThat(e.kind()).isEqualTo(SinkException.Kind.UNREACHABLE);
            assertThat(e.getMessage()).contains("put s3://b/k", "Unexpected end of file from server");
        });
        assertThat(calls).hasValue(2);
    }
}
