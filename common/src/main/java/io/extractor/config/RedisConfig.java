package io.extractor.config;

import io.smallrye.config.WithDefault;

/** {@code extractor.redis.*}: where the queue lives. */
public interface RedisConfig {
    /** {@code redis://[user:password@]host:port[/db]}; {@code rediss://} for TLS. */
    @WithDefault("redis://127.0.0.1:6379")
    String url();

    /** Namespace of every key; workers and coordinator of one deployment must agree on it. */
    @WithDefault("extractor")
    String prefix();
}
