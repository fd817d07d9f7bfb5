package io.extractor.coordinator.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.extractor.coordinator.auth.AuthServices;
import io.extractor.testkit.Chromium;
import io.extractor.testkit.SourceTables;
import io.extractor.testkit.TestServices;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser (Debian's chromium driven by Playwright), logged in as each role: a viewer sees
 * jobs and no button, an operator sees the actions its role allows on each job and they work; a caller without
 * credentials, or with wrong ones, gets no page.
 */
@QuarkusTest
@QuarkusTestResource(value = AuthServices.class, restrictToAnnotatedClass = true)
class DashboardLoginTest {
    private static final String ORDERS = TestServices.uniqueTable("page");
    private static Playwright playwright;
    private static Browser browser;

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() throws Exception {
        SourceTables.sql("CREATE TABLE " + ORDERS + " (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(10))");
        SourceTables.sql("INSERT INTO " + ORDERS + " VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        Path chromium = Chromium.ensureInstalled();
        playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright.chromium().launch(new BrowserType.LaunchOptions().setExecutablePath(chromium).setArgs(Chromium.FLAGS).setHeadless(true));
    }

    @AfterAll
    static void stopBrowser() throws Exception {
        if (playwright != null) {
            playwright.close(); // closes the browser too
        }
        SourceTables.sql("DROP TABLE IF EXISTS " + ORDERS);
    }

    /** A job with no worker to run it: it stays RUNNING until cancelled. */
    private static String runningJob() {
        return given().contentType(ContentType.JSON).auth().preemptive().basic("operator", AuthServices.PASSWORD)
                .body(Map.of("source", "db", "sink", "s3", "tables", List.of(Map.of("table", ORDERS, "chunkSize", 1))))
                .post("/api/jobs").then().statusCode(201).extract().path("id");
    }

    private BrowserContext as(String user, String password) {
        Browser.NewContextOptions options = new Browser.NewContextOptions().setViewportSize(1400, 700);
        return browser.newContext(user == null ? options : options.setHttpCredentials(user, password));
    }

    /** The row of {@code job} once the page shows it. */
    private static Locator row(Page page, String job) {
        Locator row = page.locator("#jobs tr", new Page.LocatorOptions().setHasText(job));
        row.waitFor(new Locator.WaitForOptions().setTimeout(30_000));
        return row;
    }

    @Test
    void aViewerSeesTheJobsAndNoButton() {
        String job = runningJob();
        try (BrowserContext context = as("viewer", AuthServices.PASSWORD)) {
            Page page = context.newPage();
            Response answer = page.navigate(this.page.toString());

            Locator row = row(page, job);

            assertThat(answer.status()).isEqualTo(200);
            page.locator("#me").filter(new Locator.FilterOptions().setHasText("viewer (viewer)")).waitFor();
            assertThat(row.locator("td.state").textContent()).isEqualTo("RUNNING");
            assertThat(page.locator("#jobs button").count()).as("no action for a viewer on any job").isZero();
        }
    }

    @Test
    void anOperatorSeesTheActionsOfItsRoleAndCancelsAJobAfterConfirming() {
        String job = runningJob();
        try (BrowserContext context = as("operator", AuthServices.PASSWORD)) {
            Page page = context.newPage();
            page.navigate(this.page.toString());
            Locator row = row(page, job);
            row.locator("button[data-action=cancel]").waitFor(new Locator.WaitForOptions().setTimeout(30_000));
            assertThat(row.locator("button").allTextContents()).containsExactly("cancel");

            page.onceDialog(dialog -> {
                assertThat(dialog.message()).isEqualTo("cancel job " + job + "?");
                dialog.accept();
            });
            row.locator("button[data-action=cancel]").click();

            page.locator("#message").filter(new Locator.FilterOptions().setHasText("cancel job " + job + ": done")).waitFor();
            // with no worker, the cancelled job finishes at once; then it offers a retry of its failed tasks and a rerun
            row.locator("button[data-action=rerun]").waitFor(new Locator.WaitForOptions().setTimeout(60_000));
            assertThat(row.locator("td.state").textContent()).isEqualTo("CANCELLED");
            assertThat(row.locator("button").allTextContents()).containsExactly("retry failed", "rerun");
            page.screenshot(new Page.ScreenshotOptions().setPath(Path.of("target", "dashboard-operator.png")));
        }
        String state = given().auth().preemptive().basic("viewer", AuthServices.PASSWORD).get("/api/jobs/" + job).path("state");
        assertThat(state).isEqualTo("CANCELLED");
        List<String> trail = given().auth().preemptive().basic("viewer", AuthServices.PASSWORD).get("/api/jobs/" + job + "/audit")
                .jsonPath().getList("action");
        assertThat(trail).containsExactly("cancel", "submit");
    }

    @Test
    void anOperatorDeclinesTheConfirmationAndNothingHappens() {
        String job = runningJob();
        try (BrowserContext context = as("operator", AuthServices.PASSWORD)) {
            Page page = context.newPage();
            page.navigate(this.page.toString());
            Locator cancel = row(page, job).locator("button[data-action=cancel]");
            cancel.waitFor(new Locator.WaitForOptions().setTimeout(30_000));

            page.onceDialog(dialog -> dialog.dismiss());
            cancel.click();
            page.waitForTimeout(500);
        }
        String state = given().auth().preemptive().basic("viewer", AuthServices.PASSWORD).get("/api/jobs/" + job).path("state");
        assertThat(state).isEqualTo("RUNNING");
        given().contentType(ContentType.JSON).auth().preemptive().basic("operator", AuthServices.PASSWORD).post("/api/jobs/" + job + "/cancel")
                .then().statusCode(202);
    }

    @Test
    void withoutCredentialsOrWithWrongOnesThereIsNoPage() {
        try (BrowserContext anonymous = as(null, null); BrowserContext wrong = as("admin", "not the password")) {
            Page none = anonymous.newPage();
            Page refused = wrong.newPage();

            // the coordinator asks for a login (401, Basic); a headless browser with no credentials, or whose
            // credentials are refused again, gives up on the page (a browser with a window shows its login prompt)
            assertThatThrownBy(() -> none.navigate(this.page.toString())).hasMessageMatching("(?s).*net::ERR_(INVALID_AUTH_CREDENTIALS|HTTP_RESPONSE_CODE_FAILURE).*");
            assertThatThrownBy(() -> refused.navigate(this.page.toString())).hasMessageMatching("(?s).*net::ERR_(INVALID_AUTH_CREDENTIALS|HTTP_RESPONSE_CODE_FAILURE).*");
            io.restassured.response.Response challenge = given().get("/");
            assertThat(challenge.statusCode()).isEqualTo(401);
            assertThat(challenge.header("WWW-Authenticate")).startsWithIgnoringCase("Basic");
            assertThat(challenge.body().asString()).doesNotContain("app.js");
        }
    }
}
