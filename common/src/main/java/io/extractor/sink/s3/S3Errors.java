package io.extractor.sink.s3;

import io.extractor.sink.SinkException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns what the AWS SDK throws into a {@link SinkException}, keeping the SDK's exception as its cause. */
final class S3Errors {
    private S3Errors() {
    }

    /**
     * Runs one S3 call; {@code what} says what it did and where, for the message. The URL-connection client throws an
     * UncheckedIOException, outside the SDK's retries, when the server closes a pooled connection just as a PUT
     * asks it to continue ("Unexpected end of file from server"): nothing was sent, so the call is made once more,
     * and a second such failure is the sink being unreachable, not an internal error.
     */
    static <T> T call(String what, Supplier<T> call) {
        try {
            try {
                return call.get();
            } catch (UncheckedIOException closed) {
                return call.get();
            }
        } catch (SdkException e) {
            throw translate(what, e);
        } catch (UncheckedIOException e) {
            throw new SinkException(SinkException.Kind.UNREACHABLE, 0, "", what + ": " + e.getCause().getMessage(), e);
        }
    }

    static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    static SinkException translate(String what, SdkException e) {
        if (e instanceof AbortedException) {
            return new SinkException(SinkException.Kind.INTERRUPTED, 0, "", what + ": interrupted", e);
        }
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
            String detail = s3.awsErrorDetails() == null || s3.awsErrorDetails().errorMessage() == null
                    ? s3.getMessage() : s3.awsErrorDetails().errorMessage();
            SinkException.Kind kind = status >= 500 || status == 429 || status == 408 ? SinkException.Kind.FAILING : SinkException.Kind.REFUSED;
            return new SinkException(kind, status, code, what + ": " + status + (code == null || code.isEmpty() ? "" : " " + code) + ": "
                    + detail, e);
        }
        return new SinkException(SinkException.Kind.UNREACHABLE, 0, "", what + ": " + e.getMessage(), e);
    }

    /** Whether the store said the object or upload does not exist. */
    static boolean isNotFound(SinkException e) {
        return e.status() == 404;
    }
}
