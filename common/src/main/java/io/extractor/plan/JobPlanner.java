package io.extractor.plan;

import static java.util.Objects.requireNonNull;

import io.extractor.job.JobSpec;
import io.extractor.job.TableSpec;
import io.extractor.job.WriteMode;
import io.extractor.sink.Sink;
import io.extractor.sink.SinkException;
import io.extractor.sink.SinkLayout;
import io.extractor.source.Catalog;
import io.extractor.source.ColumnInfo;
import io.extractor.source.SourceAccessException;
import io.extractor.source.SourceDialect;
import io.extractor.source.SourceSettings;
import io.extractor.source.TableInfo;
import io.extractor.types.TypeChoice;
import io.extractor.types.UnsupportedColumnException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns a job spec into a plan, or refuses it before anything is queued: every name is checked against the
 * configuration and the source's catalog, every problem is reported with the field it is in. Then each table's
 * id bounds are read once and fixed; its ranges follow from them.
 */
public final class JobPlanner {
    private static final DateTimeFormatter JOB_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_ATTEMPTS = 100;
    /** MySQL's limit on the length of a database, table or column name. */
    private static final int MAX_NAME = 64;

    private final Map<String, SourceSettings> sources;
    private final Map<String, Sink> sinks;
    private final PlannerSettings settings;
    private final Clock clock;

    public JobPlanner(Map<String, SourceSettings> sources, Map<String, Sink> sinks, PlannerSettings settings, Clock clock) {
        this.sources = Map.copyOf(sources);
        this.sinks = Map.copyOf(sinks);
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * @throws InvalidJobException the spec names something that does not exist or cannot be extracted; nothing was queued
     * @throws SQLException        the source could not be reached or read: a {@link SourceAccessException}, whose message is
     *                             safe to show any caller
     */
    public JobPlan plan(JobSpec spec) throws InvalidJobException, SQLException {
        if (spec == null) {
            throw new InvalidJobException("body", "a job spec is required: {\"source\": ..., \"sink\": ..., \"tables\": [{\"table\": ...}]}");
        }
        List<FieldError> errors = new ArrayList<>();
        SourceSettings source = null;
        if (spec.source() == null || spec.source().isBlank()) {
            errors.add(new FieldError("source", "is required: the name of a configured source " + new TreeSet<>(sources.keySet())));
        } else if ((source = sources.get(spec.source())) == null) {
            errors.add(new FieldError("source", "unknown source \"" + spec.source() + "\"; configured: " + new TreeSet<>(sources.keySet())));
        }
        Sink sink = null;
        if (spec.sink() == null || spec.sink().isBlank()) {
            errors.add(new FieldError("sink", "is required: the name of a configured sink " + new TreeSet<>(sinks.keySet())));
        } else if ((sink = sinks.get(spec.sink())) == null) {
            errors.add(new FieldError("sink", "unknown sink \"" + spec.sink() + "\"; configured: " + new TreeSet<>(sinks.keySet())));
        }
        if (spec.run() != null && SinkLayout.checkRun(spec.run()) != null) {
            errors.add(new FieldError("run", SinkLayout.checkRun(spec.run())));
        }
        if (spec.maxAttempts() != null && (spec.maxAttempts() < 1 || spec.maxAttempts() > MAX_ATTEMPTS)) {
            errors.add(new FieldError("maxAttempts", "must be between 1 and " + MAX_ATTEMPTS + ", got " + spec.maxAttempts()));
        }
        if (spec.tables() == null || spec.tables().isEmpty()) {
            errors.add(new FieldError("tables", "needs at least one table: [{\"table\": \"orders\"}]"));
        } else if (spec.tables().size() > settings.maxTables()) {
            errors.add(new FieldError("tables", "at most " + settings.maxTables() + " tables per job (extractor.plan.max-tables), got "
                    + spec.tables().size() + "; split them over several jobs"));
        }
        if (!errors.isEmpty() || source == null || sink == null) {
            throw new InvalidJobException(errors);
        }

        String jobId = newJobId();
        String run = spec.run() != null ? spec.run() : jobId;
        List<TablePlan> tables = new ArrayList<>();
        SourceDialect dialect = SourceDialect.of(source);
        try (Connection connection = connect(dialect, source)) {
            Catalog catalog = dialect.catalog(connection);
            String defaultDatabase = catalog.defaultDatabase();
            Map<String, String> seen = new HashMap<>();
            for (int i = 0; i < spec.tables().size(); i++) {
                String at = "tables[" + i + "]";
                TableSpec table = spec.tables().get(i);
                if (table == null) {
                    errors.add(new FieldError(at, "must be an object such as {\"table\": \"orders\"}"));
                    continue;
                }
                planTable(dialect, connection, catalog, defaultDatabase, spec.source(), i, table, seen, errors).ifPresent(tables::add);
            }
        } catch (SQLException e) {
            throw unreadable(dialect, source, e);
        }
        long taskCount = tables.stream().mapToLong(TablePlan::taskCount).sum();
        if (errors.isEmpty() && taskCount > settings.maxTasksPerJob()) {
            errors.add(new FieldError("tables", "the job would queue " + taskCount + " tasks, more than the limit of " + settings.maxTasksPerJob()
                    + " (extractor.plan.max-tasks-per-job); raise targetRows (or chunkSize) or split the tables over several jobs"));
        }
        if (errors.isEmpty()) {
            for (TablePlan table : tables) {
                String folder = sink.layout().runFolder(table.output(), run);
                try {
                    if (spec.mode() != WriteMode.OVERWRITE && sink.store().holdsObjects(folder)) {
                        errors.add(new FieldError("run", sink.settings().uri(folder) + " already holds output; choose another run,"
                                + " or set \"mode\": \"overwrite\" to replace it"));
                    }
                } catch (SinkException e) {
                    if (!e.answered()) {
                        throw e; // unreachable: the caller answers 503, not a 400 about the spec
                    }
                    errors.add(new FieldError("sink", "cannot list " + sink.settings().uri("") + " (" + e.status() + " "
                            + (e.code().isEmpty() ? e.getMessage() : e.code())
                            + "); check that the bucket exists and the sink's credentials may read it"));
                    break;
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidJobException(errors);
        }
        int maxAttempts = spec.maxAttempts() != null ? spec.maxAttempts() : settings.defaultMaxAttempts();
        return new JobPlan(jobId, spec.source(), spec.sink(), run, maxAttempts, clock.millis(), tables, spec);
    }

    private Optional<TablePlan> planTable(SourceDialect dialect, Connection connection, Catalog catalog, String defaultDatabase,
                                          String sourceName, int index, TableSpec spec, Map<String, String> seen, List<FieldError> errors)
            throws SQLException {
        String at = "tables[" + index + "]";
        int errorsBefore = errors.size();
        if (spec.table() == null || spec.table().isBlank()) {
            errors.add(new FieldError(at + ".table", "is required"));
            return Optional.empty();
        }
        if (spec.table().length() > 2 * MAX_NAME + 1) {
            errors.add(new FieldError(at + ".table", "is " + spec.table().length() + " characters; MySQL names are at most " + MAX_NAME
                    + " (" + (2 * MAX_NAME + 1) + " as database.table)"));
            return Optional.empty();
        }
        String database = defaultDatabase;
        String name = spec.table().strip();
        int dot = name.indexOf('.');
        if (dot > 0) {
            database = name.substring(0, dot);
            name = name.substring(dot + 1);
        }
        if (database == null) {
            errors.add(new FieldError(at + ".table", "name the database as database.table: source " + sourceName + " has no default database"));
            return Optional.empty();
        }
        Optional<TableInfo> found = catalog.table(database, name);
        if (found.isEmpty()) {
            errors.add(new FieldError(at + ".table", "no table " + database + "." + name + " in source " + sourceName));
            return Optional.empty();
        }
        TableInfo info = found.get();
        String output = SinkLayout.outputName(info.name());
        String earlier = seen.putIfAbsent(output, at);
        if (earlier != null) {
            errors.add(new FieldError(at + ".table", info.qualifiedName() + " would write to the same folder \"" + output + "\" as " + earlier
                    + "; list each table once"));
        }

        ColumnInfo id = idColumn(info, spec, at, errors);
        List<ColumnPlan> columns = columns(dialect, info, spec, at, errors);
        if (spec.where() != null) {
            String problem = whereProblem(dialect, spec.where());
            if (problem == null) {
                problem = serverRejects(dialect, connection, info, spec.where());
            }
            if (problem != null) {
                errors.add(new FieldError(at + ".where", problem));
            }
        }
        if (spec.chunkSize() != null && spec.chunkSize() < 1) {
            errors.add(new FieldError(at + ".chunkSize", "must be a positive number of ids per task, got " + spec.chunkSize()));
        }
        if (spec.targetRows() != null && spec.targetRows() < 1) {
            errors.add(new FieldError(at + ".targetRows", "must be a positive number of rows per task, got " + spec.targetRows()));
        }
        if (spec.chunkSize() != null && spec.targetRows() != null) {
            errors.add(new FieldError(at + ".targetRows", "cannot be given with chunkSize: give chunkSize for ranges of equal width, or"
                    + " targetRows for ranges of about that many rows"));
        }
        if (errors.size() > errorsBefore || id == null) {
            return Optional.empty();
        }

        BigInteger[] bounds = catalog.bounds(info, id, queryTimeoutSeconds()).map(b -> new BigInteger[] {b.min(), b.max()}).orElse(null);
        String where = spec.where() == null ? null : spec.where().strip();
        BigInteger idTypeMax = dialect.idTypeMax(id);
        if (spec.chunkSize() == null) {
            long target = spec.targetRows() != null ? spec.targetRows() : settings.targetRows();
            Optional<RowSplitter.Split> split = bounds == null ? Optional.of(new RowSplitter.Split(List.of(), 0))
                    : RowSplitter.split(bounds[0], bounds[1], target, settings.maxEstimates(), settings.maxTasksPerTable(),
                            catalog.estimateTableRows(info, queryTimeoutSeconds()),
                            range -> catalog.estimateRows(info, id, range, idTypeMax, queryTimeoutSeconds()));
            Optional<List<EstimatedRange>> ranges = split.map(RowSplitter.Split::ranges);
            if (ranges.isPresent()) {
                if (ranges.get().size() > settings.maxTasksPerTable()) {
                    errors.add(new FieldError(at + ".targetRows", target + " rows per task splits " + info.qualifiedName() + " into more than "
                            + settings.maxTasksPerTable() + " tasks (extractor.plan.max-tasks-per-table); give a larger targetRows"));
                    return Optional.empty();
                }
                return Optional.of(TablePlan.byRows(index, info.database(), info.name(), output, id.name(), columns, where,
                        bounds == null ? null : bounds[0], bounds == null ? null : bounds[1], idTypeMax, target, ranges.get(), split.get().queries()));
            }
            // the source gave no estimate: uniform ranges of the default width, as a table with a chunkSize gets
        }
        long chunk = spec.chunkSize() != null ? spec.chunkSize() : settings.defaultChunkSize();
        BigInteger width = BigInteger.valueOf(chunk);
        long tasks = bounds == null ? 1 : RangeSplitter.count(bounds[0], bounds[1], width);
        if (tasks > settings.maxTasksPerTable()) {
            BigInteger span = bounds[1].subtract(bounds[0]).add(BigInteger.ONE);
            BigInteger least = span.add(BigInteger.valueOf(settings.maxTasksPerTable() - 1)).divide(BigInteger.valueOf(settings.maxTasksPerTable()));
            errors.add(new FieldError(at + ".chunkSize", chunk + " splits ids " + bounds[0] + ".." + bounds[1] + " into " + tasks
                    + " tasks, more than the limit of " + settings.maxTasksPerTable() + "; use a chunkSize of at least " + least));
            return Optional.empty();
        }
        return Optional.of(new TablePlan(index, info.database(), info.name(), output, id.name(), columns, where,
                bounds == null ? null : bounds[0], bounds == null ? null : bounds[1], idTypeMax, width, tasks));
    }

    private static ColumnInfo idColumn(TableInfo info, TableSpec spec, String at, List<FieldError> errors) {
        String field = at + ".idColumn";
        ColumnInfo id;
        if (spec.idColumn() == null) {
            if (info.primaryKey().size() != 1) {
                errors.add(new FieldError(field, "is required: " + info.qualifiedName() + " has no single-column primary key"
                        + (info.primaryKey().isEmpty() ? "" : " (it is " + info.primaryKey() + ")")
                        + "; name an indexed NOT NULL integer column"));
                return null;
            }
            id = info.column(info.primaryKey().getFirst()).orElseThrow();
            if (!id.isInteger()) {
                errors.add(new FieldError(field, "is required: the primary key " + id.name() + " of " + info.qualifiedName() + " is " + id.columnType()
                        + ", not an integer; name an indexed NOT NULL integer column"));
                return null;
            }
            return id;
        }
        Optional<ColumnInfo> named = info.column(spec.idColumn());
        if (named.isEmpty()) {
            errors.add(new FieldError(field, "no column " + spec.idColumn() + " in " + info.qualifiedName()));
            return null;
        }
        id = named.get();
        if (!id.isInteger()) {
            errors.add(new FieldError(field, id.name() + " is " + id.columnType() + "; ranges need an integer column"));
            return null;
        }
        if (id.nullable()) {
            errors.add(new FieldError(field, id.name() + " is nullable, and rows with a NULL id fall in no range; use a NOT NULL column"));
            return null;
        }
        if (info.leadingIndexed().stream().noneMatch(c -> c.equalsIgnoreCase(id.name()))) {
            errors.add(new FieldError(field, id.name() + " leads no index, so every task would scan the whole table; index it or use the primary key"));
            return null;
        }
        return id;
    }

    private List<ColumnPlan> columns(SourceDialect dialect, TableInfo info, TableSpec spec, String at, List<FieldError> errors) {
        List<ColumnPlan> columns = new ArrayList<>();
        Map<String, TypeChoice> choices = choices(dialect, info, spec, at, errors);
        int listed = spec.columns() == null ? info.columns().size() : spec.columns().size();
        if (listed > settings.maxColumns()) {
            errors.add(new FieldError(at + ".columns", (spec.columns() == null ? info.qualifiedName() + " has " : "lists ") + listed
                    + " columns, more than the limit of " + settings.maxColumns() + " (extractor.plan.max-columns); list the columns to extract"));
            return columns;
        }
        if (spec.columns() == null) {
            List<String> unsupported = new ArrayList<>();
            for (ColumnInfo column : info.columns()) {
                try {
                    columns.add(dialect.plan(column, choices.get(column.name()), settings.tinyint1AsBoolean()));
                } catch (UnsupportedColumnException e) {
                    unsupported.add(column.name() + " (" + column.columnType() + ")");
                }
            }
            if (!unsupported.isEmpty()) {
                errors.add(new FieldError(at + ".columns", "columns " + unsupported + " of " + info.qualifiedName()
                        + " have no Parquet mapping; list the columns to extract without them"));
            }
            return columns;
        }
        if (spec.columns().isEmpty()) {
            errors.add(new FieldError(at + ".columns", "must name at least one column, or be left out for all"));
            return columns;
        }
        Set<String> seen = new HashSet<>();
        for (int c = 0; c < spec.columns().size(); c++) {
            String name = spec.columns().get(c);
            String field = at + ".columns[" + c + "]";
            Optional<ColumnInfo> column = name == null ? Optional.empty() : info.column(name);
            if (column.isEmpty()) {
                errors.add(new FieldError(field, "no column " + name + " in " + info.qualifiedName()));
            } else if (!seen.add(column.get().name().toLowerCase(Locale.ROOT))) {
                errors.add(new FieldError(field, column.get().name() + " is listed twice"));
            } else {
                try {
                    columns.add(dialect.plan(column.get(), choices.get(column.get().name()), settings.tinyint1AsBoolean()));
                } catch (UnsupportedColumnException e) {
                    errors.add(new FieldError(field, e.getMessage()));
                }
            }
        }
        return columns;
    }

    /**
     * The table's {@code "types"}, by the catalog's column name: each names a column of the table that is
     * extracted, and a choice that fits the column's type; every other entry is an error at
     * {@code tables[i].types.<column>}.
     */
    private static Map<String, TypeChoice> choices(SourceDialect dialect, TableInfo info, TableSpec spec, String at, List<FieldError> errors) {
        Map<String, TypeChoice> choices = new HashMap<>();
        if (spec.types() == null) {
            return choices;
        }
        for (Map.Entry<String, String> entry : new TreeMap<>(spec.types()).entrySet()) {
            String field = at + ".types." + entry.getKey();
            Optional<ColumnInfo> column = info.column(entry.getKey());
            if (column.isEmpty()) {
                errors.add(new FieldError(field, "no column " + entry.getKey() + " in " + info.qualifiedName()));
                continue;
            }
            String name = column.get().name();
            if (spec.columns() != null && spec.columns().stream().noneMatch(name::equalsIgnoreCase)) {
                errors.add(new FieldError(field, name + " is not in \"columns\"; add it there or drop its type"));
                continue;
            }
            List<TypeChoice> fitting = dialect.choices(column.get());
            String fits = fitting.isEmpty() ? name + " has one form only; drop its type"
                    : "one of " + fitting.stream().map(TypeChoice::key).toList() + " for " + name;
            Optional<TypeChoice> choice = entry.getValue() == null ? Optional.empty() : TypeChoice.parse(entry.getValue());
            if (entry.getValue() == null) {
                errors.add(new FieldError(field, "must name a type choice; use " + fits));
            } else if (choice.isEmpty()) {
                errors.add(new FieldError(field, "\"" + entry.getValue() + "\" is not a type choice; use " + fits));
            } else if (!fitting.contains(choice.get())) {
                errors.add(new FieldError(field, name + " is " + column.get().columnType() + ", which cannot be written as \""
                        + choice.get().key() + "\"; use " + fits));
            } else if (choices.put(name, choice.get()) != null) {
                errors.add(new FieldError(field, name + " is given a type twice"));
            }
        }
        return choices;
    }

    /**
     * Checks a plan read back from the sink, to resume its job, as strictly as a new spec: it is the plan of
     * {@code jobId}, within today's limits, its ranges tile each table, and its source, sink, tables, columns (of
     * the types planned) and {@code where} filters still pass the checks a submit makes. Every problem names the
     * plan's field.
     *
     * @throws InvalidJobException the plan cannot be resumed as it is
     * @throws SQLException        the source could not be reached or read: a {@link SourceAccessException}, whose message is
     *                             safe to show any caller
     */
    public void verify(JobPlan plan, String jobId) throws InvalidJobException, SQLException {
        List<FieldError> errors = new ArrayList<>();
        if (!jobId.equals(plan.jobId())) {
            errors.add(new FieldError("plan.jobId", "is " + plan.jobId() + ", not the job being resumed (" + jobId + ")"));
        }
        SourceSettings source = sources.get(plan.source());
        if (source == null) {
            errors.add(new FieldError("plan.source", "names source \"" + plan.source() + "\", which is not configured; configured: "
                    + new TreeSet<>(sources.keySet())));
        }
        if (!sinks.containsKey(plan.sink())) {
            errors.add(new FieldError("plan.sink", "names sink \"" + plan.sink() + "\", which is not configured"));
        }
        if (SinkLayout.checkRun(plan.run()) != null) {
            errors.add(new FieldError("plan.run", SinkLayout.checkRun(plan.run())));
        }
        if (plan.maxAttempts() < 1 || plan.maxAttempts() > MAX_ATTEMPTS) {
            errors.add(new FieldError("plan.maxAttempts", "must be between 1 and " + MAX_ATTEMPTS + ", got " + plan.maxAttempts()));
        }
        if (plan.tables().isEmpty() || plan.tables().size() > settings.maxTables()) {
            errors.add(new FieldError("plan.tables", "holds " + plan.tables().size() + " tables; a job has 1 to " + settings.maxTables()));
        } else if (plan.taskCount() > settings.maxTasksPerJob()) {
            errors.add(new FieldError("plan.tables", "holds " + plan.taskCount() + " tasks, more than the limit of " + settings.maxTasksPerJob()
                    + " (extractor.plan.max-tasks-per-job)"));
        }
        Set<String> outputs = new HashSet<>();
        SourceDialect dialect = source == null ? null : SourceDialect.of(source);
        for (int i = 0; i < plan.tables().size(); i++) {
            verifyShape(dialect, plan.tables().get(i), i, outputs, errors);
        }
        if (!errors.isEmpty() || source == null) {
            throw new InvalidJobException(errors);
        }
        try (Connection connection = connect(dialect, source)) {
            Catalog catalog = dialect.catalog(connection);
            for (TablePlan table : plan.tables()) {
                verifyAgainstCatalog(dialect, connection, catalog, table, "plan.tables[" + table.index() + "]", errors);
            }
        } catch (SQLException e) {
            throw unreadable(dialect, source, e);
        }
        if (!errors.isEmpty()) {
            throw new InvalidJobException(errors);
        }
    }

    private void verifyShape(SourceDialect dialect, TablePlan table, int i, Set<String> outputs, List<FieldError> errors) {
        String at = "plan.tables[" + i + "]";
        if (table.index() != i) {
            errors.add(new FieldError(at + ".index", "is " + table.index() + " at position " + i));
        }
        if (!table.output().equals(SinkLayout.outputName(table.table())) || !outputs.add(table.output())) {
            errors.add(new FieldError(at + ".output", "\"" + table.output() + "\" is not the folder of table " + table.table()
                    + ", or is written by two tables"));
        }
        if (table.columns().isEmpty() || table.columns().size() > settings.maxColumns()) {
            errors.add(new FieldError(at + ".columns", "holds " + table.columns().size() + " columns; a table has 1 to " + settings.maxColumns()));
        }
        String whereProblem = table.where() == null || dialect == null ? null : whereProblem(dialect, table.where());
        if (whereProblem != null) {
            errors.add(new FieldError(at + ".where", whereProblem));
        }
        if ((table.chunkSize() != null && table.chunkSize().signum() <= 0) || table.idTypeMax().signum() <= 0) {
            errors.add(new FieldError(at + ".chunkSize", "must be positive, got " + table.chunkSize()));
            return;
        }
        if ((table.minId() == null) != (table.maxId() == null) || (table.minId() != null && table.minId().compareTo(table.maxId()) > 0)) {
            errors.add(new FieldError(at + ".minId", "and maxId do not bound a range: " + table.minId() + ".." + table.maxId()));
            return;
        }
        if (table.plannedByRows()) {
            verifyStarts(table, at, errors);
            return;
        }
        long tiles = table.isEmpty() ? 1 : RangeSplitter.count(table.minId(), table.maxId(), table.chunkSize());
        if (tiles != table.taskCount()) {
            errors.add(new FieldError(at + ".taskCount", "is " + table.taskCount() + ", but the ranges of " + table.minId() + ".." + table.maxId()
                    + " by " + table.chunkSize() + " are " + tiles + " tasks"));
        } else if (tiles > settings.maxTasksPerTable()) {
            errors.add(new FieldError(at + ".taskCount", "is " + tiles + ", more than the limit of " + settings.maxTasksPerTable()
                    + " (extractor.plan.max-tasks-per-table)"));
        }
    }

    /** A plan by rows tiles its table when its starts begin at minId and rise strictly within maxId, one per task. */
    private void verifyStarts(TablePlan table, String at, List<FieldError> errors) {
        List<BigInteger> starts = table.starts();
        long ranges = table.isEmpty() ? 1 : starts.size();
        if (table.isEmpty() ? !starts.isEmpty() : starts.isEmpty() || !starts.getFirst().equals(table.minId())
                || starts.getLast().compareTo(table.maxId()) > 0) {
            errors.add(new FieldError(at + ".starts", "do not tile " + table.minId() + ".." + table.maxId() + ": they must begin at minId and stay"
                    + " within maxId"));
            return;
        }
        for (int i = 1; i < starts.size(); i++) {
            if (starts.get(i).compareTo(starts.get(i - 1)) <= 0) {
                errors.add(new FieldError(at + ".starts[" + i + "]", "is " + starts.get(i) + ", not above the range start before it"));
                return;
            }
        }
        if (ranges != table.taskCount() || table.estimatedRows() == null || table.estimatedRows().size() != ranges) {
            errors.add(new FieldError(at + ".taskCount", "is " + table.taskCount() + ", but the plan holds " + ranges + " ranges and "
                    + (table.estimatedRows() == null ? 0 : table.estimatedRows().size()) + " estimates"));
        } else if (ranges > settings.maxTasksPerTable()) {
            errors.add(new FieldError(at + ".taskCount", "is " + ranges + ", more than the limit of " + settings.maxTasksPerTable()
                    + " (extractor.plan.max-tasks-per-table)"));
        }
    }

    private void verifyAgainstCatalog(SourceDialect dialect, Connection connection, Catalog catalog, TablePlan table, String at,
                                      List<FieldError> errors)
            throws SQLException {
        Optional<TableInfo> found = catalog.table(table.database(), table.table());
        if (found.isEmpty()) {
            errors.add(new FieldError(at + ".table", "no table " + table.database() + "." + table.table() + " in the source any more"));
            return;
        }
        TableInfo info = found.get();
        Optional<ColumnInfo> id = info.column(table.idColumn());
        if (id.isEmpty() || !id.get().isInteger() || !dialect.idTypeMax(id.get()).equals(table.idTypeMax())) {
            errors.add(new FieldError(at + ".idColumn", table.idColumn() + " is no longer the integer column it was planned as"));
        }
        for (int c = 0; c < table.columns().size(); c++) {
            ColumnPlan planned = table.columns().get(c);
            Optional<ColumnInfo> now = info.column(planned.name());
            ColumnPlan replanned = null;
            try {
                replanned = now.isEmpty() ? null : dialect.plan(now.get(), planned.choice(), settings.tinyint1AsBoolean());
            } catch (UnsupportedColumnException | IllegalArgumentException e) {
                // reported below as a changed column (a choice that no longer fits it included)
            }
            if (replanned == null || !now.get().columnType().equals(planned.sourceType()) || replanned.kind() != planned.kind()) {
                errors.add(new FieldError(at + ".columns[" + c + "]", planned.name() + " was planned as " + planned.sourceType() + " ("
                        + planned.kind() + ") and is " + now.map(ColumnInfo::columnType).orElse("gone") + " now; submit a new job"));
            }
        }
        String rejected = table.where() == null ? null : serverRejects(dialect, connection, info, table.where());
        if (rejected != null) {
            errors.add(new FieldError(at + ".where", rejected));
        }
    }

    /** What is wrong with a {@code where} as text (its length, or an escape from its parentheses), or null. */
    private String whereProblem(SourceDialect dialect, String where) {
        if (where.length() > settings.maxWhereLength()) {
            return "is " + where.length() + " characters, more than the limit of " + settings.maxWhereLength() + " (extractor.plan.max-where-length)";
        }
        return dialect.filterProblem(where);
    }

    /**
     * Has the server parse the filter against the table, once; what it objects to, or null when it accepts it. The
     * answer gives the error's code and position, never the server's message: a filter such as
     * {@code extractvalue(1, concat(0x7e, (SELECT user FROM mysql.user LIMIT 1)))} makes the server put what it
     * read into its message.
     */
    private String serverRejects(SourceDialect dialect, Connection connection, TableInfo info, String where) throws SQLException {
        String check = dialect.filterProbe(info, where);
        try (PreparedStatement statement = connection.prepareStatement(check)) {
            statement.setQueryTimeout(queryTimeoutSeconds());
            statement.executeQuery().close();
            return null;
        } catch (SQLException e) {
            if (dialect.unavailable(e)) {
                throw e; // a lost connection or a timeout says nothing about the filter: the submit is answered 503, not 400
            }
            return "is not a valid filter for " + info.qualifiedName() + ": " + dialect.filterRejection(e, info, where)
                    + "; fix it and submit again (the server's own message is not shown: it can hold values the filter read)";
        }
    }

    private Connection connect(SourceDialect dialect, SourceSettings source) throws SourceAccessException {
        try {
            return dialect.open(source, settings.statementTimeout());
        } catch (SQLException e) {
            throw new SourceAccessException(source.name(), "cannot connect to source " + source.name() + ": " + dialect.describe(e), e);
        }
    }

    /** A source error while planning, as one that names the source and not its host, user or the server's text. */
    private static SourceAccessException unreadable(SourceDialect dialect, SourceSettings source, SQLException e) {
        if (e instanceof SourceAccessException access) {
            return access;
        }
        return new SourceAccessException(source.name(), "source " + source.name() + " could not be read while the job was planned: "
                + dialect.describe(e), e);
    }

    private int queryTimeoutSeconds() {
        return (int) Math.max(1, settings.statementTimeout().toSeconds());
    }

    /** {@code 20261123-201155-26fa01c3}: sortable by time, and 32 random bits so ids of one second do not collide. */
    public String newJobId() {
        return JOB_ID_TIME.format(clock.instant()) + "-" + String.format("%08x", RANDOM.nextInt());
    }
}
