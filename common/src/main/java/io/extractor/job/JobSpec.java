package io.extractor.job;

import java.util.List;

/**
 * A job as submitted: which tables of which source go to which sink. Names only: credentials live in the
 * configuration of the coordinator and workers, never in a spec.
 *
 * @param source      name of a configured source
 * @param sink        name of a configured sink
 * @param run         name of the run folder ({@code run=<run>}) under each table; defaults to the job id
 * @param mode        what to do when the run folder already holds output; {@link WriteMode#ERROR} when absent
 * @param maxAttempts attempts per task before it fails for good; the coordinator's default when absent
 * @param tables      the tables to extract, at least one
 */
public record JobSpec(String source, String sink, String run, WriteMode mode, Integer maxAttempts, List<TableSpec> tables) {
}
