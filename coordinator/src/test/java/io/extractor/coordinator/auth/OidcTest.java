package io.extractor.coordinator.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.security.PrivateKey;
import java.util.List;
import java.util.Map;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The {@code oidc} mode: bearer tokens signed by the provider's key carry the caller's name and groups, and the
 * roles come from the groups (directly, or mapped by quarkus.http.auth.roles-mapping); tokens that are expired,
 * signed by another key or from another issuer are refused; a built-in user's static token still logs in.
 */
@QuarkusTest
@QuarkusTestResource(value = OidcServices.class, restrictToAnnotatedClass = true)
class OidcTest {
    private static final String ORDERS = TestServices.uniqueTable("oidc");

    @BeforeAll
    static void createTable() throws Exception {
        SourceTables.sql("CREATE TABLE " + ORDERS + " (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(10))");
        SourceTables.sql("INSERT INTO " + ORDERS + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    }

    @AfterAll
    static void dropTable() throws Exception {
        SourceTables.sql("DROP TABLE IF EXISTS " + ORDERS);
    }

    /** A token as a provider issues it: signed with {@code key}, from {@code issuer}, valid for {@code minutes} from now. */
    private static String token(String user, List<String> groups, PrivateKey key, String issuer, int minutes) throws Exception {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setSubject("id-of-" + user);
        claims.setClaim("preferred_username", user);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(minutes);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue("k1");
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        return jws.getCompactSerialization();
    }

    private static String token(String user, String... groups) throws Exception {
        return token(user, List.of(groups), OidcServices.PROVIDER.getPrivate(), OidcServices.ISSUER, 5);
    }

    private static RequestSpecification bearer(String token) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + token);
    }

    private static Map<String, Object> spec(String where) {
        Map<String, Object> table = new java.util.HashMap<>(Map.of("table", ORDERS, "chunkSize", 1));
        if (where != null) {
            table.put("where", where);
        }
        return Map.of("source", "db", "sink", "s3", "tables", List.of(table));
    }

    @ParameterizedTest(name = "a token of {0} with groups [{1}] may {2}: {3}")
    @CsvSource({
            "vera, viewer, list jobs, 200",
            "vera, viewer, submit, 403",
            "olga, operator, list jobs, 200",
            "olga, operator, submit, 201",
            "olga, operator, submit with a where, 403",
            "ada, admin, submit with a where, 201",
            "dan, data-admins, submit with a where, 201",
            "nina, '', list jobs, 403",
    })
    void aProviderTokenGivesTheRolesOfItsGroups(String user, String group, String action, int expected) throws Exception {
        RequestSpecification request = bearer(group.isEmpty() ? token(user) : token(user, group));

        Response response = switch (action) {
            case "list jobs" -> request.get("/api/jobs");
            case "submit" -> request.body(spec(null)).post("/api/jobs");
            default -> request.body(spec("code <> 'b'")).post("/api/jobs");
        };

        assertThat(response.statusCode()).as(response.body().asString()).isEqualTo(expected);
        if (expected == 201) {
            String id = response.path("id");
            List<Map<String, Object>> trail = bearer(token(user, group)).get("/api/jobs/" + id + "/audit").then().statusCode(200)
                    .extract().jsonPath().getList("$");
            assertThat(trail.getFirst().get("who")).as("the audit names the token's user").isEqualTo(user);
            bearer(token(user, group)).post("/api/jobs/" + id + "/cancel").then().statusCode(202);
        }
        if (expected == 403) {
            assertThat(response.jsonPath().getString("error")).contains(user);
        }
    }

    @Test
    void anExpiredTokenATokenOfAnotherKeyOrIssuerAndNoTokenAreRefusedWith401() throws Exception {
        String expired = token("ada", List.of("admin"), OidcServices.PROVIDER.getPrivate(), OidcServices.ISSUER, -5);
        String forged = token("ada", List.of("admin"), OidcServices.STRANGER.getPrivate(), OidcServices.ISSUER, 5);
        String elsewhere = token("ada", List.of("admin"), OidcServices.PROVIDER.getPrivate(), "https://evil.example.test", 5);

        for (String token : List.of(expired, forged, elsewhere, "not-a-jwt-at-all")) {
            Response response = bearer(token).get("/api/jobs");
            assertThat(response.statusCode()).as("token %s: %s", token, response.body().asString()).isEqualTo(401);
        }
        Response anonymous = given().get("/api/jobs");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().getValues("WWW-Authenticate")).anySatisfy(value -> assertThat(value).startsWith("Bearer"));
        assertThat(anonymous.jsonPath().getString("requiredRole")).isEqualTo("viewer");
    }

    @Test
    void aBuiltinUsersStaticTokenLogsInBesideTheProvidersTokens() {
        Response listed = bearer(OidcServices.STATIC_TOKEN).get("/api/jobs");
        Response where = bearer(OidcServices.STATIC_TOKEN).body(spec("code <> 'b'")).post("/api/jobs");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(where.statusCode()).as("airflow is an operator").isEqualTo(403);
        assertThat(where.jsonPath().getString("error")).contains("airflow");
    }
}
