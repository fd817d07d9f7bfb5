package io.extractor.bench;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * The peer a user would pick instead: Spark's JDBC source partitioned on the id column, writing Parquet, in
 * local mode on the machine's cores. Run in its own JVM by {@link Bench} so its memory is measured on its own.
 *
 * <p>Arguments: JDBC URL, table, partitions, lower bound, upper bound, output directory, fetch size.
 */
public final class SparkJob {
    private SparkJob() {
    }

    public static void main(String[] args) {
        String url = args[0];
        String table = args[1];
        int partitions = Integer.parseInt(args[2]);
        String lower = args[3];
        String upper = args[4];
        String out = args[5];
        String fetchSize = args[6];
        SparkSession spark = SparkSession.builder()
                .master("local[" + Runtime.getRuntime().availableProcessors() + "]")
                .appName("jdbc-to-parquet")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        long start = System.nanoTime();
        Dataset<Row> rows = spark.read().format("jdbc")
                .option("url", url)
                .option("dbtable", table)
                .option("user", "root")
                .option("password", "")
                .option("partitionColumn", "id")
                .option("lowerBound", lower)
                .option("upperBound", upper)
                .option("numPartitions", partitions)
                .option("fetchsize", fetchSize)
                .load();
        rows.write().mode(SaveMode.Overwrite).parquet(out);
        double seconds = (System.nanoTime() - start) / 1e9;
        long written = spark.read().parquet(out).count();
        System.out.printf("SPARK_RESULT rows=%d seconds=%.3f%n", written, seconds);
        spark.stop();
    }
}
