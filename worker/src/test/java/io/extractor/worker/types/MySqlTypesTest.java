package io.extractor.worker.types;

import io.extractor.testkit.S3ProxyServer;
import io.extractor.testkit.TestServices;
import io.extractor.worker.WorkerHarness;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One line per MySQL type and value, from a MariaDB column through its mapping, reader and Parquet writer to what
 * DuckDB reads; the README's type table says the same. Adding a type mapping adds its lines here.
 */
class MySqlTypesTest {
    private static final String BUCKET = TestServices.unique("bucket");
    private static S3ProxyServer s3;
    private WorkerHarness worker;

    @TempDir
    Path downloads;

    @BeforeAll
    static void startS3() {
        s3 = S3ProxyServer.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopS3() {
        s3.close();
    }

    @BeforeEach
    void setUp() {
        worker = new WorkerHarness(s3, BUCKET);
    }

    @AfterEach
    void tearDown() {
        worker.close();
    }

    @Test
    void integers() throws Exception {
        DataTypeTest.create()
                .addRoundTrip("tinyint", "-128", "TINYINT", "-128")
                .addRoundTrip("tinyint unsigned", "255", "UTINYINT", "255")
                .addRoundTrip("smallint", "-32768", "SMALLINT", "-32768")
                .addRoundTrip("smallint unsigned", "65535", "USMALLINT", "65535")
                .addRoundTrip("mediumint", "-8388608", "INTEGER", "-8388608")
                .addRoundTrip("mediumint unsigned", "16777215", "INTEGER", "16777215")
                .addRoundTrip("int", "-2147483648", "INTEGER", "-2147483648")
                .addRoundTrip("int unsigned", "4294967295", "UINTEGER", "4294967295")
                .addRoundTrip("bigint", "-9223372036854775808", "BIGINT", "-9223372036854775808")
                .addRoundTrip("bigint unsigned", "18446744073709551615", "UBIGINT", "18446744073709551615")
                .addRoundTrip("year", "2155", "SMALLINT", "2155")
                .addRoundTrip("int", "NULL", "INTEGER", null)
                .execute(worker, downloads);
    }

    @Test
    void booleansAndBits() throws Exception {
        DataTypeTest.create()
                .addRoundTrip("tinyint(1)", "1", "BOOLEAN", "true")
                .addRoundTrip("tinyint(1)", "0", "boolean", "BOOLEAN", "false")
                .addRoundTrip("tinyint(1)", "7", "int8", "TINYINT", "7")
                .addRoundTrip("tinyint(1)", "-128", "int8", "TINYINT", "-128")
                .addRoundTrip("bool", "1", "BOOLEAN", "true")
                .addRoundTrip("bit(1)", "b'1'", "BOOLEAN", "true")
                .addRoundTrip("bit(9)", "b'111111111'", "BIGINT", "511")
                .addRoundTrip("bit(64)", "0xFFFFFFFFFFFFFFFF", "UBIGINT", "18446744073709551615")
                .execute(worker, downloads);
    }

    @Test
    void floatingPoint() throws Exception {
        DataTypeTest.create()
                .addRoundTrip("float", "1.5", "FLOAT", "1.5")
                .addRoundTrip("float", "-3.4028234e38", "FLOAT", "-3.4028235e+38")
                .addRoundTrip("double", "0.1", "DOUBLE", "0.1")
                .addRoundTrip("double", "-1.7976931348623157e308", "DOUBLE", "-1.7976931348623157e+308")
                .execute(worker, downloads);
    }

    @Test
    void decimals() throws Exception {
        DataTypeTest.create()
                .addRoundTrip("decimal(9,2)", "'-9999999.99'", "DECIMAL(9,2)", "-9999999.99")
                .addRoundTrip("decimal(18,4)", "'99999999999999.9999'", "DECIMAL(18,4)", "99999999999999.9999")
                .addRoundTrip("decimal(19,0)", "'-9999999999999999999'", "DECIMAL(19,0)", "-9999999999999999999")
                .addRoundTrip("decimal(38,10)", "'1234.5000000000'", "DECIMAL(38,10)", "1234.5000000000")
                .addRoundTrip("decimal(38,10)", "'-9999999999999999999999999999.9999999999'", "DECIMAL(38,10)",
                        "-9999999999999999999999999999.9999999999")
                .addRoundTrip("decimal(65,30)", "'1.5'", "VARCHAR", "1.500000000000000000000000000000")
                .addRoundTrip("decimal(10,2)", "'-12.5'", "string", "VARCHAR", "-12.50")
                .addRoundTrip("decimal(10,2)", "'12.5'", "decimal", "DECIMAL(10,2)", "12.50")
                .execute(worker, downloads);
    }

    @Test
    void datesAndTimes() throws Exception {
        DataTypeTest.create()
                .addRoundTrip("date", "'2024-02-29'", "DATE", "2024-02-29")
                .addRoundTrip("date", "'1000-01-01'", "DATE", "1000-01-01")
                .addRoundTrip("datetime", "'9999-12-31 23:59:59'", "TIMESTAMP", "9999-12-31 23:59:59")
                .addRoundTrip("datetime(6)", "'2024-02-29 12:34:56.123456'", "TIMESTAMP", "2024-02-29 12:34:56.123456")
                .addRoundTrip("timestamp(3) NULL", "'2024-02-29 12:34:56.789'", "TIMESTAMP WITH TIME ZONE", "2024-02-29 12:34:56.789+00")
                .addRoundTrip("time(6)", "'13:45:30.5'", "TIME", "13:45:30.5")
                .addRoundTrip("time", "'23:59:59'", "time", "TIME", "23:59:59")
                .addRoundTrip("time", "'-838:59:59'", "duration", "BIGINT", "-3020399000000")
                .addRoundTrip("time(6)", "'838:59:59.000000'", "duration", "BIGINT", "3020399000000")
                .addRoundTrip("time(3)", "'-00:00:01.5'", "duration", "BIGINT", "-1500000")
                .addRoundTrip("time(6)", "'-838:59:59'", "string", "VARCHAR", "-838:59:59.000000")
                .addRoundTrip("time", "'12:00:00'", "string", "VARCHAR", "12:00:00")
                .addRoundTrip("time(3)", "'-01:02:03.4'", "string", "VARCHAR", "-01:02:03.400")
                .addRoundTrip("time", "NULL", "duration", "BIGINT", null)
                .execute(worker, downloads);
    }

    @Test
    void textBinaryAndJson() throws Exception {
        DataTypeTest.create()
                .addRoundTrip("varchar(20)", "'한국어 😀'", "VARCHAR", "한국어 😀")
                .addRoundTrip("char(5)", "'ab'", "VARCHAR", "ab")
                .addRoundTrip("varchar(20) CHARACTER SET latin1", "'café'", "VARCHAR", "café")
                .addRoundTrip("enum('small','large')", "'large'", "VARCHAR", "large")
                .addRoundTrip("set('a','b','c')", "'a,c'", "VARCHAR", "a,c")
                .addRoundTrip("varbinary(4)", "0xDEADBEEF", "BLOB", "\\xDE\\xAD\\xBE\\xEF")
                .addRoundTrip("json", "'{\"k\": [1, null]}'", "JSON", "{\"k\": [1, null]}")
                .execute(worker, downloads);
    }
}
