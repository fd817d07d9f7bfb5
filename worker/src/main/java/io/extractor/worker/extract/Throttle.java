package io.extractor.worker.extract;

/**
 * Keeps a task's read rate at or under a limit, for sources that also serve live traffic. It sleeps between
 * batches, so the server simply sends more slowly; zero means no limit.
 */
public final class Throttle {
    private final long rowsPerSecond;
    private final long start = System.nanoTime();

    public Throttle(long rowsPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
    }

    /** Waits until {@code rowsSoFar} rows are allowed by the limit. */
    public void pace(long rowsSoFar) throws InterruptedException {
        if (rowsPerSecond <= 0) {
            return;
        }
        long due = start + rowsSoFar * 1_000_000_000L / rowsPerSecond;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
