package io.extractor.types;

/**
 * How one source column is read and what Parquet type it becomes. Chosen once per column at planning time and
 * recorded in the plan; the worker turns it into one {@link ColumnMapping} per column and task (the dialect's
 * column mappings say how), never a per-row type switch. The README's type table lists the same mapping.
 */
public enum ColumnKind {
    /** BIT(1), and TINYINT(1) unless configured otherwise: Parquet BOOLEAN. */
    BOOLEAN,
    /** TINYINT(1) read as a boolean: a value other than 0 or 1 fails the task rather than being squashed. */
    BOOLEAN_TINYINT,
    /** TINYINT: INT32 annotated INT(8, signed). */
    INT8,
    /** TINYINT UNSIGNED: INT32 annotated INT(8, unsigned). */
    UINT8,
    /** SMALLINT, YEAR: INT32 annotated INT(16, signed). */
    INT16,
    /** SMALLINT UNSIGNED: INT32 annotated INT(16, unsigned). */
    UINT16,
    /** MEDIUMINT (signed or not), INT: INT32 annotated INT(32, signed). */
    INT32,
    /** INT UNSIGNED: INT32 annotated INT(32, unsigned); Spark reads it as LongType. */
    UINT32,
    /** BIGINT: INT64 annotated INT(64, signed). */
    INT64,
    /** BIGINT UNSIGNED: INT64 annotated INT(64, unsigned), so values above 2^63 survive; Spark reads DECIMAL(20,0). */
    UINT64,
    /** BIT(2..63): INT64, the bits as a number. */
    BITS,
    /** BIT(64): INT64 annotated INT(64, unsigned). */
    BITS_UNSIGNED,
    /** FLOAT: Parquet FLOAT, exact (read in the binary protocol, which sends the stored 4 bytes). */
    FLOAT,
    /** DOUBLE, REAL: Parquet DOUBLE. */
    DOUBLE,
    /** DECIMAL(p,s) up to p=38: DECIMAL(p,s) on INT32 (p<=9), INT64 (p<=18) or FIXED_LEN_BYTE_ARRAY. */
    DECIMAL,
    /** DECIMAL(p,s) with p>38 (beyond what Spark, Trino and DuckDB read), or chosen as {@code string}: exact text in a STRING. */
    DECIMAL_TEXT,
    /** DATE: Parquet DATE (days since 1970-01-01); zero dates become null. */
    DATE,
    /** DATETIME(fsp): TIMESTAMP(MICROS, isAdjustedToUTC=false), a wall-clock time with no zone. */
    DATETIME,
    /** TIMESTAMP(fsp): TIMESTAMP(MICROS, isAdjustedToUTC=true), an instant read in UTC. */
    TIMESTAMP,
    /** TIME(fsp): TIME(MICROS, isAdjustedToUTC=false); values outside 00:00:00..23:59:59.999999 fail the task. */
    TIME,
    /** TIME(fsp) chosen as {@code duration}: INT64 annotated INT(64, signed), signed microseconds. */
    DURATION,
    /** TIME(fsp) chosen as {@code string}: MySQL's text form ({@code -838:59:59.000000}) in a STRING. */
    TIME_TEXT,
    /** CHAR, VARCHAR, *TEXT, ENUM, SET (and MariaDB UUID, INET4, INET6): STRING, UTF-8. */
    STRING,
    /** JSON: BINARY annotated JSON (UTF-8 text). */
    JSON,
    /** BINARY, VARBINARY, *BLOB: BINARY with no annotation. */
    BINARY;
}
