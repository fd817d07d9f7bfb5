package io.extractor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigsTest {

    @Test
    void durationsAreReadAsQuarkusReadsThem() {
        assertThat(Configs.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Configs.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Configs.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Configs.duration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(Configs.duration("15")).isEqualTo(Duration.ofSeconds(15));
        assertThat(Configs.duration("PT1H")).isEqualTo(Duration.ofHours(1));
    }
}
