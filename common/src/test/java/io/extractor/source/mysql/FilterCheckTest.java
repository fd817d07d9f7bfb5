package io.extractor.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A where filter may narrow a task's range, never widen it or end the statement. */
class FilterCheckTest {

    @Test
    void ordinaryConditionsPass() {
        assertThat(FilterCheck.problem("status = 'paid' AND (amount > 10 OR note LIKE '%)%')")).isNull();
        assertThat(FilterCheck.problem("name = 'it''s' AND code = \"a\\\"b\"")).isNull();
    }

    @Test
    void escapesFromTheParenthesesCommentsAndStatementBreaksAreRefused() {
        assertThat(FilterCheck.problem("1=1) OR (1=1")).contains("without its '('");
        assertThat(FilterCheck.problem("(a = 1")).contains("unclosed");
        assertThat(FilterCheck.problem("a = 1; DROP TABLE t")).contains("';'");
        assertThat(FilterCheck.problem("a = 1 -- x")).contains("comments");
        assertThat(FilterCheck.problem("a = 1 # x")).contains("comments");
        assertThat(FilterCheck.problem("a = /* x */ 1")).contains("comments");
        assertThat(FilterCheck.problem("a = 'open")).contains("unterminated");
        assertThat(FilterCheck.problem(" ")).contains("blank");
    }
}
