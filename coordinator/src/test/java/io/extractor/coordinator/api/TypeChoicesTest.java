package io.extractor.coordinator.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.coordinator.LocalServices;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A table's per-column {@code "types"}: accepted where the choice fits the column, refused at submit otherwise. */
@QuarkusTest
@QuarkusTestResource(value = LocalServices.class, restrictToAnnotatedClass = true)
class TypeChoicesTest {
    private static final String TABLE = TestServices.uniqueTable("choices");

    @BeforeAll
    static void createTable() throws Exception {
        SourceTables.sql("CREATE TABLE " + TABLE + " (id BIGINT NOT NULL PRIMARY KEY, c_time TIME, flag TINYINT(1), price DECIMAL(10,2),"
                + " code VARCHAR(10))");
        SourceTables.sql("INSERT INTO " + TABLE + " VALUES (1, '-838:59:59', 7, 1.50, 'a')");
    }

    @AfterAll
    static void dropTable() throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + TABLE);
    }

    @Test
    void choicesThatFitTheirColumnsAreAccepted() {
        String id = submit(Map.of("c_time", "duration", "FLAG", "int8", "price", "string")).statusCode(201).extract().path("id");

        given().contentType(ContentType.JSON).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
    }

    @Test
    void eachBadChoiceIsRefusedNamingItsColumnAndWhatFits() {
        assertThat(errorOf(Map.of("c_time", "interval"), "tables[0].types.c_time"))
                .contains("\"interval\" is not a type choice", "[time, duration, string]");
        assertThat(errorOf(Map.of("flag", "duration"), "tables[0].types.flag"))
                .contains("tinyint(1)", "cannot be written as \"duration\"", "[boolean, int8]");
        assertThat(errorOf(Map.of("price", "boolean"), "tables[0].types.price")).contains("decimal(10,2)", "[decimal, string]");
        assertThat(errorOf(Map.of("code", "string"), "tables[0].types.code")).contains("one form only");
        assertThat(errorOf(Map.of("colour", "string"), "tables[0].types.colour")).contains("no column colour");
        assertThat(errorOf(Map.of("C_TIME", "string", "c_time", "duration"), "tables[0].types.c_time")).contains("given a type twice");
    }

    @Test
    void aChoiceForAColumnThatIsNotExtractedIsRefused() {
        JsonPath answer = given().contentType(ContentType.JSON)
                .body(Map.of("source", "db", "sink", "s3", "tables", List.of(Map.of("table", TABLE, "columns", List.of("id", "code"),
                        "types", Map.of("c_time", "duration")))))
                .post("/api/jobs").then().statusCode(400).extract().jsonPath();

        assertThat(answer.getString("fields[0].field")).isEqualTo("tables[0].types.c_time");
        assertThat(answer.getString("fields[0].message")).contains("not in \"columns\"");
    }

    private static String errorOf(Map<String, String> types, String field) {
        JsonPath answer = submit(types).statusCode(400).extract().jsonPath();
        List<Map<String, String>> fields = answer.getList("fields");
        return fields.stream().filter(f -> f.get("field").equals(field)).map(f -> f.get("message")).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + fields));
    }

    private static ValidatableResponse submit(Map<String, String> types) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("source", "db", "sink", "s3", "tables", List.of(Map.of("table", TABLE, "types", types))))
                .post("/api/jobs").then();
    }
}
