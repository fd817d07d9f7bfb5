package io.extractor.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.extractor.testkit.SourceTables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The packaged CLI against a packaged coordinator that wants a login: a static token in EXTRACTOR_TOKEN submits and
 * follows a job to the end; a wrong token, or a user whose role is too low, is told what was refused and what to do.
 */
class CliLoginTest {
    private static final String TOKEN = "cli-login-test-token-3f9a61";
    private static final String PASSWORD = "a viewer's password";

    @RegisterExtension
    final ScratchTable scratch = new ScratchTable("cli");
    private final String table = scratch.name();

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run cli(Cluster cluster, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                System.getProperty("extractor.cli.jar")));
        command.addAll(List.of(args));
        command.addAll(List.of("--coordinator", "http://127.0.0.1:" + cluster.httpPort));
        Path out = dir.resolve("out-" + System.nanoTime());
        Path err = dir.resolve("err-" + System.nanoTime());
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("EXTRACTOR_"));
        builder.environment().putAll(env);
        Process process = builder.start();
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("the CLI finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void theCliLogsInWithATokenOrAPasswordAndSaysWhatWasRefused() throws Exception {
        SourceTables.createOrders(table, 3_000, 30);
        Path spec = Files.writeString(dir.resolve("spec.json"), Cluster.JSON.writeValueAsString(Map.of("source", "db", "sink", "s3",
                "tables", List.of(Map.of("table", table, "chunkSize", 1_000)))));
        try (Cluster cluster = new Cluster("cli")) {
            cluster.coordinatorSetting("EXTRACTOR_AUTH_MODE", "builtin")
                    .coordinatorSetting("EXTRACTOR_AUTH_USERS_AIRFLOW_TOKEN_SHA256", sha256(TOKEN))
                    .coordinatorSetting("EXTRACTOR_AUTH_USERS_AIRFLOW_ROLES", "operator")
                    .coordinatorSetting("EXTRACTOR_AUTH_USERS_VERA_PASSWORD_HASH", new BCryptPasswordEncoder(4).encode(PASSWORD))
                    .coordinatorSetting("EXTRACTOR_AUTH_USERS_VERA_ROLES", "viewer");
            cluster.startCoordinator();
            cluster.startWorker();

            Run submitted = cli(cluster, Map.of("EXTRACTOR_TOKEN", TOKEN), "submit", spec.toString());
            Run wrongToken = cli(cluster, Map.of("EXTRACTOR_TOKEN", TOKEN + "x"), "submit", spec.toString());
            Run viewer = cli(cluster, Map.of("EXTRACTOR_USER", "vera", "EXTRACTOR_PASSWORD", PASSWORD), "submit", spec.toString());
            Run both = cli(cluster, Map.of("EXTRACTOR_USER", "vera", "EXTRACTOR_PASSWORD", PASSWORD), "submit", spec.toString(), "--token", TOKEN);

            assertThat(submitted.exit()).as(submitted.err()).isZero();
            assertThat(submitted.out()).contains("SUCCEEDED").contains("3,000");
            assertThat(wrongToken.exit()).isEqualTo(2);
            assertThat(wrongToken.err()).contains("refused this call (401)", "EXTRACTOR_TOKEN").doesNotContain(TOKEN);
            assertThat(viewer.exit()).isEqualTo(2);
            assertThat(viewer.err()).contains("refused this call (403)", "operator role", "vera has viewer");
            assertThat(both.exit()).isEqualTo(2);
            assertThat(both.err()).contains("not both");
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
