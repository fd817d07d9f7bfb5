package io.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlannerSettingsTest {

    @Test
    void defaultsComeFromTheAnnotationsOfTheInterface() {
        PlannerSettings settings = PlannerSettings.defaults();

        assertThat(settings.defaultChunkSize()).isEqualTo(100_000);
        assertThat(settings.defaultMaxAttempts()).isEqualTo(3);
        assertThat(settings.maxActiveTasks()).isEqualTo(500_000);
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.tinyint1AsBoolean()).isTrue();
    }

    @Test
    void aPropertyIsSetByTheNameAnOperatorUses() {
        PlannerSettings settings = PlannerSettings.of(Map.of("extractor.plan.chunk-size", "500", "extractor.plan.statement-timeout", "1500ms"));

        assertThat(settings.defaultChunkSize()).isEqualTo(500);
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(settings.maxTables()).isEqualTo(1000);
    }

    @Test
    void aLimitThatIsNotPositiveIsRefusedNamingItsProperty() {
        assertThatThrownBy(() -> PlannerSettings.of(Map.of("extractor.plan.max-tables", "0")))
                .hasMessageContaining("extractor.plan.max-tables must be positive, got 0");
        assertThatThrownBy(() -> PlannerSettings.of(Map.of("extractor.plan.statement-timeout", "0s")))
                .hasMessageContaining("extractor.plan.statement-timeout must be positive");
    }
}
