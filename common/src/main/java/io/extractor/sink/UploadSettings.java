package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a part is streamed to the store.
 *
 * @param pieceBytes the size of each piece sent while writing goes on
 * @param buffers    pieces held in memory at once (one filling, the rest uploading)
 * @param patience   how long a piece keeps being retried through a sink outage (it stays in memory meanwhile)
 */
public record UploadSettings(int pieceBytes, int buffers, Duration patience) {
    public UploadSettings {
        if (buffers < 2) {
            throw new IllegalArgumentException("need at least 2 upload buffers to overlap writing and uploading, got " + buffers);
        }
        requireNonNull(patience, "patience");
    }
}
