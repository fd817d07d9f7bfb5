package io.extractor.worker.parquet;

import com.github.luben.zstd.ZstdCompressCtx;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The zstd compression contexts of the process, lent out for one page at a time. A context is native memory
 * (about a megabyte at level 1, malloc'ed inside libzstd, so invisible to the JVM's accounting) that only
 * {@code close()} frees: no finalizer or cleaner does. Owned by a part, one would leak whenever a task fails
 * before its writer is closed, and one per part meant a megabyte malloc'ed and freed per task, which glibc keeps
 * as fragments. Borrowed per page instead, nothing outlives a compress call, and the process holds as many
 * contexts as pages were ever compressed at the same time: one per slot.
 */
final class ZstdContexts {
    private static final Deque<ZstdCompressCtx> IDLE = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger CREATED = new AtomicInteger();

    private ZstdContexts() {
    }

    /** Compresses {@code in[0, length)} into {@code out} as one zstd frame; returns the compressed size. */
    static int compress(int level, byte[] out, byte[] in, int length) {
        ZstdCompressCtx context = IDLE.pollFirst(); // the most recently used: its workspace is the warmest
        if (context == null) {
            context = new ZstdCompressCtx();
            CREATED.incrementAndGet();
        }
        try {
            // the level is sticky in the context, and every compress starts a new frame (session reset)
            return context.setLevel(level).compressByteArray(out, 0, out.length, in, 0, length);
        } finally {
            IDLE.offerFirst(context);
        }
    }

    /** Contexts created since the process started, for tests: bounded by concurrency, not by parts written. */
    static int created() {
        return CREATED.get();
    }
}
