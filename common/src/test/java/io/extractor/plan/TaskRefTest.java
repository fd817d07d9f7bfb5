package io.extractor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskRefTest {
    @Test
    void idRoundTrips() {
        TaskRef ref = new TaskRef("20261123-101500-ab12", 2, 17);

        assertThat(ref.id()).isEqualTo("20261123-101500-ab12.2.17");
        assertThat(TaskRef.parse(ref.id())).isEqualTo(ref);
    }

    @Test
    void malformedIdsAreRejectedWithTheExpectedShape() {
        assertThatThrownBy(() -> TaskRef.parse("garbage")).hasMessageContaining("expected <job>.<table>.<seq>");
        assertThatThrownBy(() -> TaskRef.parse("job.x.1")).hasMessageContaining("malformed task id");
        assertThatThrownBy(() -> TaskRef.parse(".1.2")).hasMessageContaining("malformed task id");
    }
}
