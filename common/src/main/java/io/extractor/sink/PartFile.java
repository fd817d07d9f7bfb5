package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.KeyValue;
import org.apache.parquet.format.Util;

/**
 * What a part is, written by the worker and read back by the coordinator: its name in the run folder
 * ({@code part-00042.parquet}, from the task's range number) and the key-value metadata in its Parquet footer
 * (job, task, table, id range, attempt). This is the only place that formats or parses either.
 */
public final class PartFile {
    private static final String PREFIX = "part-";
    private static final String SUFFIX = ".parquet";
    private static final String JOB = "extractor.job";
    private static final String TASK = "extractor.task";
    private static final String TABLE = "extractor.table";
    private static final String RANGE = "extractor.range";
    private static final String ATTEMPT = "extractor.attempt";
    /** Parquet's magic, at the start and the end of every file. */
    private static final String MAGIC = "PAR1";

    private PartFile() {
    }

    /** The part name of the task with range number {@code seq}. */
    public static String name(long seq) {
        if (seq < 0) {
            throw new IllegalArgumentException("a part's range number must not be negative, got " + seq);
        }
        return String.format(Locale.ROOT, "%s%05d%s", PREFIX, seq, SUFFIX);
    }

    /** The range number a part name carries, or empty when {@code name} is not exactly what {@link #name} writes. */
    public static OptionalLong seq(String name) {
        if (name == null || !name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
            return OptionalLong.empty();
        }
        String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
        if (digits.length() < 5 || digits.length() > 19 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        long seq;
        try {
            seq = Long.parseLong(digits);
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
        // one name per number: part-000042.parquet is not part 42, whoever wrote it
        return name(seq).equals(name) ? OptionalLong.of(seq) : OptionalLong.empty();
    }

    /**
     * Who wrote a part, from its footer: the job, the task, the source table, the task's id range {@code [lo, hi)}
     * as it was when the attempt ran, and the attempt.
     */
    public record Footer(String job, String task, String table, BigInteger lo, BigInteger hi, int attempt) {
        public Footer {
            requireNonNull(job, "job");
            requireNonNull(task, "task");
            requireNonNull(table, "table");
            requireNonNull(lo, "lo");
            requireNonNull(hi, "hi");
            if (hi.compareTo(lo) < 0) {
                throw new IllegalArgumentException("range end " + hi + " is below its start " + lo);
            }
            if (attempt < 1) {
                throw new IllegalArgumentException("attempts count from 1, got " + attempt);
            }
        }
    }

    /** A part's footer as read back: who wrote it (empty when not this extractor) and how many rows it holds. */
    public record Read(Optional<Footer> footer, long rows) {
        public Read {
            requireNonNull(footer, "footer");
        }
    }

    /** The key-value metadata the worker writes into a part's footer. */
    public static Map<String, String> metadata(Footer footer) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(JOB, footer.job());
        metadata.put(TASK, footer.task());
        metadata.put(TABLE, footer.table());
        metadata.put(RANGE, "[" + footer.lo() + ", " + footer.hi() + ")");
        metadata.put(ATTEMPT, Integer.toString(footer.attempt()));
        return metadata;
    }

    /** Reads {@link #metadata} back; empty when a key is missing or malformed, as in a file some other program wrote. */
    public static Optional<Footer> footer(Map<String, String> metadata) {
        String job = metadata.get(JOB);
        String task = metadata.get(TASK);
        String table = metadata.get(TABLE);
        String range = metadata.get(RANGE);
        if (job == null || task == null || table == null || range == null || !range.startsWith("[") || !range.endsWith(")")) {
            return Optional.empty();
        }
        int comma = range.indexOf(", ");
        if (comma < 0) {
            return Optional.empty();
        }
        try {
            BigInteger lo = new BigInteger(range.substring(1, comma));
            BigInteger hi = new BigInteger(range.substring(comma + 2, range.length() - 1));
            int attempt = Integer.parseInt(metadata.getOrDefault(ATTEMPT, "1"));
            return Optional.of(new Footer(job, task, table, lo, hi, attempt));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** Reads bytes {@code first..last} (inclusive) of one stored object. */
    @FunctionalInterface
    public interface Ranges {
        byte[] read(long first, long last);
    }

    /**
     * Reads a part's footer with two ranged reads (the 8-byte tail, then the footer itself), never the whole part.
     *
     * @param where the part's address, for messages
     * @param size  the part's size in bytes
     */
    public static Read read(String where, long size, Ranges ranges) {
        if (size < 12) {
            throw new IllegalStateException(where + " is " + size + " bytes, too short to be Parquet");
        }
        byte[] tail = ranges.read(size - 8, size - 1);
        if (tail.length != 8 || !MAGIC.equals(new String(tail, 4, 4, StandardCharsets.US_ASCII))) {
            throw new IllegalStateException(where + " does not end in a Parquet footer");
        }
        int length = ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (length <= 0 || length > size - 12) {
            throw new IllegalStateException(where + " names a footer of " + length + " bytes in a file of " + size);
        }
        byte[] footer = ranges.read(size - 8 - length, size - 9);
        try {
            FileMetaData meta = Util.readFileMetaData(new ByteArrayInputStream(footer));
            Map<String, String> metadata = new HashMap<>();
            if (meta.getKey_value_metadata() != null) {
                for (KeyValue kv : meta.getKey_value_metadata()) {
                    metadata.put(kv.getKey(), kv.getValue());
                }
            }
            return new Read(footer(metadata), meta.getNum_rows());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Parquet footer of " + where, e);
        }
    }
}
