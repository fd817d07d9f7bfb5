package io.extractor.coordinator;

import io.extractor.config.RedisConfig;
import io.extractor.config.SinkConfig;
import io.extractor.config.SourceConfig;
import io.extractor.plan.PlannerSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the coordinator reads from application.properties or the environment. Beans take the part they
 * need by injection ({@link CoordinatorBeans}); a new setting is a method here, or in the group it belongs to,
 * with its default and doc, plus its README row (checked by {@code ConfigurationTableTest}).
 */
@ConfigMapping(prefix = "extractor")
public interface CoordinatorConfig {
    RedisConfig redis();

    Map<String, SourceConfig> sources();

    Map<String, SinkConfig> sinks();

    PlannerSettings plan();

    Coordinator coordinator();

    Split split();

    Auth auth();

    Health health();

    /** The readiness probe's checks of Redis, the sources and the sinks; see README "Health and metrics". */
    interface Health {
        /** Longest a probe waits for one dependency's check; one that has not answered by then is reported down. */
        @WithDefault("2s")
        Duration timeout();

        /**
         * How long a source's or sink's result is reused, so probes every few seconds do not open a database session
         * or list a bucket each time. Redis is asked on every probe.
         */
        @WithDefault("30s")
        Duration cache();
    }

    /** Who may call the API and open the status page; see README "Security". */
    interface Auth {
        /**
         * {@code builtin}: users from {@link #users()} log in with HTTP Basic or a static bearer token. {@code oidc}:
         * bearer tokens of an OpenID Connect provider ({@code quarkus.oidc.*}), and the built-in users beside them.
         * {@code none}: everyone is admin, refused unless quarkus.http.host is a loopback address (the demo and tests
         * on one machine).
         */
        @WithDefault("builtin")
        io.extractor.coordinator.auth.AuthMode mode();

        /** The built-in users by name. */
        Map<String, User> users();

        /**
         * {@code authenticated}: Prometheus scrapes /q/metrics on the management port as a built-in user (any role,
         * HTTP Basic). {@code open}: anyone who reaches the management port may read the metrics (a scrape trusted by
         * network, e.g. a NetworkPolicy admits only Prometheus). The probes there never need a login.
         */
        @WithDefault("authenticated")
        io.extractor.coordinator.auth.MetricsAccess metrics();
    }

    interface User {
        /** BCrypt hash of the user's password ({@code htpasswd -nbB <name> <password>} prints one after the colon). */
        Optional<String> passwordHash();

        /**
         * SHA-256 of a static bearer token, in hex ({@code printf %s "$TOKEN" | sha256sum}), for callers that send
         * {@code Authorization: Bearer <token>} (scripts, Airflow); a user has a password hash, a token hash or both.
         */
        Optional<String> tokenSha256();

        /** {@code viewer}, {@code operator} or {@code admin}; each includes the ones before it. */
        java.util.List<io.extractor.coordinator.auth.Role> roles();

        /**
         * The sources whose jobs this user may submit, cancel, retry and rerun; every source when absent. A user with
         * such a list cannot resume jobs (a resumed job's source is known only once its plan is read from the sink).
         */
        Optional<java.util.List<String>> sources();

        /** The sinks this user's jobs may write to, likewise; every sink when absent. */
        Optional<java.util.List<String>> sinks();
    }

    /** Work stealing: cutting a running task's range in two when workers sit idle with nothing queued. */
    interface Split {
        /** Whether running tasks are split for idle workers at all. */
        @WithDefault("true")
        boolean enabled();

        /** How often the coordinator looks for idle workers and a task to split. */
        @WithDefault("1s")
        Duration interval();

        /**
         * A task is split only if at least this many of its rows are left to read (by the source's estimate): each split
         * makes one more part, which holds about half of them.
         */
        @WithDefault("100000")
        long minRows();

        /**
         * A task is split only if its attempt would need at least this long for the rest, at the rate it reads: the
         * attempt reads on for up to two heartbeats before it stops at the cut, so shorter rests leave little to give.
         */
        @WithDefault("5s")
        Duration minTime();

        /** Estimates (EXPLAIN) one split may ask the source for, to find where to cut: two per halving of the rest. */
        @WithDefault("24")
        int maxEstimates();
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
