package io.extractor.coordinator;

import io.extractor.config.RedisConfig;
import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Everything the coordinator reads from application.properties or the environment. */
@ConfigMapping(prefix = "extractor")
public interface CoordinatorConfig {
    RedisConfig redis();

    Map<String, SourceConfig> sources();

    Map<String, SinkConfig> sinks();

    Plan plan();

    Coordinator coordinator();

    interface Plan {
        /** Width of each task's id range when a table gives no chunkSize. */
        @WithDefault("100000")
        long chunkSize();

        /** Attempts per task when a job gives no maxAttempts. */
        @WithDefault("3")
        int maxAttempts();

        /** A plan with more tasks than this for one table is refused (raise chunkSize instead). */
        @WithDefault("100000")
        long maxTasksPerTable();

        /** A plan with more tasks than this in all is refused. */
        @WithDefault("100000")
        long maxTasksPerJob();

        /**
         * A submit (or retry, or resume) is refused while the active jobs hold this many tasks; bounds what Redis
         * holds (about 2 KiB per task).
         */
        @WithDefault("500000")
        long maxActiveTasks();

        /** Tables one job may list. */
        @WithDefault("1000")
        int maxTables();

        /** Columns one table may list (or have, when it lists none). */
        @WithDefault("4096")
        int maxColumns();

        /** Characters of one table's where filter. */
        @WithDefault("4096")
        int maxWhereLength();

        /** Longest a planning query may wait for the source before the submit is answered 503. */
        @WithDefault("30s")
        Duration statementTimeout();

        /** Write TINYINT(1) as BOOLEAN, as Spark and Sqoop do; a value other than 0 or 1 then fails its task. */
        @WithDefault("true")
        boolean tinyint1AsBoolean();
    }

    interface Coordinator {
        /** Name of this replica in the coordinator lock; host name and pid when absent. */
        Optional<String> id();

        /** How often expired leases are returned to the queue. */
        @WithDefault("2s")
        Duration reapInterval();

        /** After Redis was unreachable, time the workers get to renew their leases before any is reaped. */
        @WithDefault("15s")
        Duration reapGrace();

        /** How often jobs whose tasks are all done are finished. */
        @WithDefault("1s")
        Duration finishInterval();

        Retention retention();
    }

    /** How long finished jobs stay in Redis (and the API); their output and manifests stay in the sink. */
    interface Retention {
        /** Finished jobs kept; older ones beyond this count are removed first. */
        @WithDefault("500")
        long maxJobs();

        /** Finished jobs older than this are removed. */
        @WithDefault("7d")
        Duration maxAge();

        /** How often retention runs. */
        @WithDefault("10s")
        Duration interval();
    }
}
