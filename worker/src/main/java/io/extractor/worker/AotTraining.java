package io.extractor.worker;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.plan.ColumnPlan;
import io.extractor.plan.JobPlan;
import io.extractor.plan.TablePlan;
import io.extractor.queue.Json;
import io.extractor.sink.PartFile;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkSettings;
import io.extractor.sink.UploadSettings;
import io.extractor.sink.UploadedPart;
import io.extractor.source.SourceSettings;
import io.extractor.source.mysql.MySqlDialect;
import io.extractor.types.ColumnKind;
import io.extractor.types.ColumnMapping;
import io.extractor.worker.extract.RowBatch;
import io.extractor.worker.extract.SourceConnections;
import io.extractor.worker.parquet.ParquetSettings;
import io.extractor.worker.parquet.PartWriter;
import io.extractor.worker.task.Failures;
import io.extractor.worker.task.WorkerSettings;
import io.extractor.worker.upload.PartOutputFile;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.jboss.logging.Logger;

/**
 * The training run of a JDK AOT cache ({@link WorkerMain#AOT_TRAINING}, made by bin/worker-aot-cache and in the
 * JVM image's build): what a worker's first task loads and runs, done with no database, Redis or S3, so that a
 * worker started with the cache finds those classes loaded, linked and profiled already. It reads a job plan from
 * JSON as a worker reads one from Redis, turns rows of a made-up table into column batches through the MySQL
 * column readers, writes them as Parquet parts (zstd and snappy) through the real multipart upload into a
 * stand-in S3 endpoint inside this process, and opens a MySQL connection to a socket that hangs up, as far as
 * the driver gets without a server. What it cannot reach (the MySQL protocol after the handshake, Redis's
 * replies) a worker still loads on its first task.
 */
@Singleton
public class AotTraining {
    private static final Logger LOG = Logger.getLogger(AotTraining.class);
    private static final int ROWS_PER_PART = 50_000;

    private final WorkerSettings settings;

    public AotTraining(WorkerSettings settings) {
        this.settings = requireNonNull(settings, "settings");
    }

    /** Runs the training; 0 when every step did what a task does, an exception otherwise (the image build fails). */
    int run() {
        long started = System.nanoTime();
        ExecutorService pipeline = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "training-pipeline");
            thread.setDaemon(true);
            return thread;
        });
        try (StandInS3 s3 = StandInS3.start();
             Sink sink = Sink.open(new SinkSettings("training", Optional.of(s3.endpoint()), "us-east-1", "training", "training", true,
                     Optional.of("training"), Optional.of("training")))) {
            JobPlan plan = Json.read(Json.write(plan()), JobPlan.class); // as TaskRunner gets it from Redis
            TablePlan table = plan.table(0);
            List<ColumnMapping> columns = MySqlDialect.INSTANCE.mappings(table.columns());
            ParquetSettings own = settings.parquet();
            List<ParquetSettings> parts = List.of(
                    new ParquetSettings(CompressionCodecName.ZSTD, own.zstdLevel(), own.rowGroupBytes(), own.pageBytes(), own.dictionaryPageBytes()),
                    // small row groups, so that flushing a row group mid-part is trained too
                    new ParquetSettings(CompressionCodecName.SNAPPY, 1, 1 << 20, own.pageBytes(), own.dictionaryPageBytes()));
            long rows = 0;
            for (int seq = 0; seq < parts.size(); seq++) {
                UploadedPart part = writePart(plan, table, columns, parts.get(seq), seq, sink, pipeline);
                sink.store().complete(part);
                rows += ROWS_PER_PART;
            }
            s3.checkParts(parts.size());
            String refused = connectToNothing(table);
            LOG.infof("AOT training run: %d rows into %d Parquet parts (%d bytes) through a stand-in S3; a MySQL connection to nothing: %s;"
                            + " %.1f s", rows, parts.size(), s3.bytes(), refused, (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException("the AOT training run failed: " + e.getMessage(), e);
        } finally {
            pipeline.shutdownNow();
        }
    }

    /** A plan like the coordinator's for a table with the column types most tables have. */
    private static JobPlan plan() {
        List<ColumnPlan> columns = List.of(
                ColumnPlan.of("id", ColumnKind.INT64, false, "bigint(20)"),
                ColumnPlan.of("status", ColumnKind.STRING, false, "varchar(16)"),
                new ColumnPlan("amount", ColumnKind.DECIMAL, true, "decimal(12,2)", 12, 2, 0, 0, null),
                new ColumnPlan("total", ColumnKind.DECIMAL, true, "decimal(30,4)", 30, 4, 0, 0, null),
                ColumnPlan.of("quantity", ColumnKind.INT32, true, "int(11)"),
                ColumnPlan.of("score", ColumnKind.DOUBLE, true, "double"),
                ColumnPlan.of("ratio", ColumnKind.FLOAT, true, "float"),
                ColumnPlan.of("paid", ColumnKind.BOOLEAN_TINYINT, true, "tinyint(1)"),
                new ColumnPlan("created_at", ColumnKind.DATETIME, true, "datetime(3)", 0, 0, 3, 0, null),
                ColumnPlan.of("updated_at", ColumnKind.TIMESTAMP, true, "timestamp"),
                ColumnPlan.of("day", ColumnKind.DATE, true, "date"),
                ColumnPlan.of("at", ColumnKind.TIME, true, "time"),
                ColumnPlan.of("note", ColumnKind.STRING, true, "text"),
                ColumnPlan.of("payload", ColumnKind.BINARY, true, "blob"),
                ColumnPlan.of("attributes", ColumnKind.JSON, true, "json"));
        TablePlan table = new TablePlan(0, "training", "orders", "orders", "id", columns, null, BigInteger.ONE,
                BigInteger.valueOf(ROWS_PER_PART), BigInteger.valueOf(Long.MAX_VALUE), BigInteger.valueOf(ROWS_PER_PART), 1);
        JobSpec spec = new JobSpec("training", "training", "training", null, null, List.of(new TableSpec("training.orders", null, null, null, null)));
        return new JobPlan("training", "training", "training", "training", 3, System.currentTimeMillis(), List.of(table), spec);
    }

    private UploadedPart writePart(JobPlan plan, TablePlan table, List<ColumnMapping> columns, ParquetSettings parquet, int seq, Sink sink, ExecutorService pipeline) throws IOException {
        String key = sink.layout().partKey(table.output(), plan.run(), seq);
        UploadSettings upload = new UploadSettings(settings.pieceBytes(), settings.uploadBuffers(), Duration.ofSeconds(10));
        PartOutputFile output = new PartOutputFile(() -> sink.store().openPart(key, upload, pipeline, uploadId -> { }));
        int rowsPerBatch = RowBatch.rowsFor(columns.size(), settings.batchRows(), settings.batchBytes());
        RowBatch batch = new RowBatch(columns, rowsPerBatch, settings.batchBytes());
        Row row = new Row();
        ResultSet rs = row.resultSet();
        PartWriter writer = null;
        try {
            for (int id = 1; id <= ROWS_PER_PART; id++) {
                row.id = id;
                boolean full = batch.append(rs);
                if (full || id == ROWS_PER_PART) {
                    if (writer == null) {
                        Map<String, String> footer = PartFile.metadata(new PartFile.Footer(plan.jobId(), plan.jobId() + ".0." + seq,
                                table.database() + "." + table.table(), BigInteger.ONE, BigInteger.valueOf(ROWS_PER_PART + 1), 1));
                        writer = new PartWriter(output, table.output(), columns, table.idColumn(), parquet, footer, batch);
                    }
                    writer.write(batch);
                    batch.clear();
                }
            }
            writer.close();
            return output.upload().result();
        } catch (SQLException e) {
            throw new IOException(e);
        } finally {
            if (writer != null) {
                writer.abort();
            }
        }
    }

    /**
     * A MySQL connection to a socket that accepts and hangs up: the driver, its connection setup and the failure
     * path (classification, the message a task would report) are loaded without a server.
     */
    private String connectToNothing(TablePlan table) throws IOException {
        try (ServerSocket nothing = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread hangUp = new Thread(() -> {
                while (!nothing.isClosed()) {
                    try (Socket socket = nothing.accept()) {
                        socket.setSoLinger(true, 0);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "training-mysql");
            hangUp.setDaemon(true);
            hangUp.start();
            SourceSettings source = new SourceSettings("training", "jdbc:mysql://127.0.0.1:" + nothing.getLocalPort() + "/" + table.database(),
                    "training", "", Duration.ofSeconds(2), 1);
            try (SourceConnections connections = new SourceConnections(source, 1, false, settings.readTimeout(), settings.maxRowBytes())) {
                Connection connection = connections.take();
                connections.give(connection, false);
                throw new IllegalStateException("a MySQL connection to a socket that hangs up was opened");
            } catch (SQLException expected) {
                return Failures.classify("training", expected, settings.maxRowBytes(), MySqlDialect.INSTANCE).kind().label();
            }
        }
    }

    /** The current row of the made-up table, as the binary protocol hands values to the column readers. */
    private static final class Row {
        private static final byte[][] STATUSES = {bytes("paid"), bytes("void"), bytes("shipped")};
        long id;

        ResultSet resultSet() {
            return (ResultSet) Proxy.newProxyInstance(ResultSet.class.getClassLoader(), new Class<?>[] {ResultSet.class}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "getLong" -> (int) args[0] == 1 ? id : id * 3;
                        case "getInt" -> (int) args[0] == 8 ? (int) (id & 1) : (int) (id % 100);
                        case "getDouble" -> id * 0.25;
                        case "getFloat" -> id * 0.5f;
                        case "getBytes" -> value((int) args[0]);
                        case "wasNull" -> false;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        private byte[] value(int column) {
            int second = (int) (id % 86_400);
            return switch (column) {
                case 2 -> STATUSES[(int) (id % 3)];
                case 3 -> bytes(id / 100 + "." + (10 + id % 90));
                case 4 -> bytes(id * 7 + "." + (1000 + id % 9000));
                case 9 -> new byte[] {(byte) 0xEA, 0x07, (byte) (1 + id % 12), (byte) (1 + id % 28), (byte) (second / 3600),
                        (byte) (second / 60 % 60), (byte) (second % 60), (byte) (id % 256), 0x01, 0, 0};
                case 10 -> new byte[] {(byte) 0xEA, 0x07, 1, (byte) (1 + id % 28), (byte) (second / 3600), (byte) (second / 60 % 60),
                        (byte) (second % 60)};
                case 11 -> new byte[] {(byte) 0xEA, 0x07, (byte) (1 + id % 12), (byte) (1 + id % 28)};
                case 12 -> new byte[] {0, 0, 0, 0, 0, (byte) (second / 3600), (byte) (second / 60 % 60), (byte) (second % 60)};
                case 13 -> id % 5 == 0 ? null : bytes("note for order " + id);
                case 14 -> Arrays.copyOf(bytes(Long.toHexString(id * 0x9E3779B97F4A7C15L)), 32);
                case 15 -> bytes("{\"channel\": \"web\", \"items\": " + id % 7 + "}");
                default -> throw new IllegalArgumentException("no column " + column);
            };
        }

        private static byte[] bytes(String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    /**
     * Just enough of S3 for a part: start a multipart upload, take its pieces, complete it. Bound to the loopback
     * address for the length of the training run.
     */
    static final class StandInS3 implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger uploads = new AtomicInteger();
        private final AtomicInteger completed = new AtomicInteger();
        private final Map<Integer, byte[]> lastPart = new TreeMap<>(); // piece number -> bytes, of the upload last started
        private long bytes;

        private StandInS3(HttpServer server) {
            this.server = server;
        }

        static StandInS3 start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            StandInS3 s3 = new StandInS3(server);
            server.createContext("/", s3::handle);
            server.start();
            return s3;
        }

        String endpoint() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        synchronized long bytes() {
            return bytes;
        }

        /** Every part was completed, and the last one is a Parquet file (it starts and ends with PAR1). */
        synchronized void checkParts(int expected) {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            lastPart.values().forEach(whole::writeBytes);
            byte[] part = whole.toByteArray();
            String magic = "PAR1";
            if (completed.get() != expected || part.length < 8
                    || !new String(part, 0, 4, StandardCharsets.US_ASCII).equals(magic)
                    || !new String(part, part.length - 4, 4, StandardCharsets.US_ASCII).equals(magic)) {
                throw new IllegalStateException("the stand-in S3 got " + completed.get() + " of " + expected + " parts completed, the last "
                        + part.length + " bytes long and not a Parquet file");
            }
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange; InputStream body = exchange.getRequestBody()) {
                byte[] received = body.readAllBytes();
                String query = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
                String method = exchange.getRequestMethod();
                if (method.equals("POST") && query.startsWith("uploads")) {
                    synchronized (this) {
                        lastPart.clear();
                    }
                    reply(exchange, 200, "<InitiateMultipartUploadResult><Bucket>training</Bucket><Key>part</Key><UploadId>upload-"
                            + uploads.incrementAndGet() + "</UploadId></InitiateMultipartUploadResult>");
                } else if (method.equals("PUT") && query.contains("partNumber=")) {
                    int number = Integer.parseInt(query.replaceAll(".*partNumber=(\\d+).*", "$1"));
                    String content = Optional.ofNullable(exchange.getRequestHeaders().getFirst("x-amz-content-sha256")).orElse("");
                    byte[] piece = content.startsWith("STREAMING-") ? unchunk(received) : received; // signed chunks over plain HTTP
                    synchronized (this) {
                        lastPart.put(number, piece);
                        bytes += piece.length;
                    }
                    exchange.getResponseHeaders().add("ETag", "\"piece-" + received.length + "\"");
                    reply(exchange, 200, "");
                } else if (method.equals("POST") && query.contains("uploadId=")) {
                    completed.incrementAndGet();
                    reply(exchange, 200, "<CompleteMultipartUploadResult><Bucket>training</Bucket><Key>part</Key><ETag>\"done\"</ETag>"
                            + "</CompleteMultipartUploadResult>");
                } else if (method.equals("DELETE")) {
                    reply(exchange, 204, null);
                } else {
                    reply(exchange, 400, "<Error><Code>NotImplemented</Code><Message>" + method + " is not part of the training</Message></Error>");
                }
            }
        }

        /** The payload of an aws-chunked body: {@code <hex size>;chunk-signature=...\r\n<bytes>\r\n}, ending with a size of 0. */
        static byte[] unchunk(byte[] body) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
            int at = 0;
            while (at < body.length) {
                int lineEnd = indexOfCrLf(body, at);
                String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
                int size = Integer.parseInt(header.split(";", 2)[0].strip(), 16);
                if (size == 0) {
                    break;
                }
                out.write(body, lineEnd + 2, size);
                at = lineEnd + 2 + size + 2;
            }
            return out.toByteArray();
        }

        private static int indexOfCrLf(byte[] body, int from) {
            for (int i = from; i + 1 < body.length; i++) {
                if (body[i] == '\r' && body[i + 1] == '\n') {
                    return i;
                }
            }
            throw new IllegalArgumentException("an aws-chunked body without a chunk header at byte " + from);
        }

        private static void reply(HttpExchange exchange, int status, String xml) throws IOException {
            if (xml == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
