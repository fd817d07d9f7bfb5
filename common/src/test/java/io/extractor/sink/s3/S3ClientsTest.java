package io.extractor.sink.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.extractor.sink.SinkSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A sink without keys takes the AWS default credential chain, and on Kubernetes that means a web identity token
 * (EKS IRSA: the pod gets AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE, and the SDK trades the token for keys at
 * STS). The SDK does that only with its sts module on the class path; without it the chain skips the token and
 * falls through to the node's instance role.
 */
class S3ClientsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/extractor";

    @Test
    void aSinkWithoutKeysTradesTheWebIdentityTokenForKeysAtSts(@TempDir Path dir) throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "projected-service-account-token");
        Map<String, String> asked = new ConcurrentHashMap<>();
        HttpServer sts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // a stand-in for STS: answers AssumeRoleWithWebIdentity as the real one does, and remembers what was asked
        sts.createContext("/", exchange -> {
            asked.putAll(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = ASSUMED.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        sts.start();
        Map<String, String> properties = Map.of(
                "aws.webIdentityTokenFile", token.toString(),
                "aws.roleArn", ROLE,
                "aws.roleSessionName", "extractor-test",
                "aws.region", "eu-west-1",
                // whatever happens, never ask the link-local instance metadata address (the chain's last resort)
                "aws.disableEc2Metadata", "true",
                "aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());
        Map<String, String> before = new LinkedHashMap<>();
        properties.forEach((key, value) -> before.put(key, System.setProperty(key, value)));
        SinkSettings sink = new SinkSettings("lake", Optional.empty(), "eu-west-1", "lake", "", false, Optional.empty(), Optional.empty());
        try (S3Client s3 = S3Clients.create(sink)) {
            AwsCredentialsIdentity credentials = s3.serviceClientConfiguration().credentialsProvider().resolveIdentity().join();

            assertThat(credentials.accessKeyId()).isEqualTo("ASIAEXAMPLEFROMSTS");
            assertThat(credentials).isInstanceOfSatisfying(AwsSessionCredentialsIdentity.class,
                    session -> assertThat(session.sessionToken()).isEqualTo("session-token-from-sts"));
            assertThat(asked).containsEntry("Action", "AssumeRoleWithWebIdentity")
                    .containsEntry("RoleArn", ROLE)
                    .containsEntry("WebIdentityToken", "projected-service-account-token");
        } finally {
            before.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
            sts.stop(0);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static final String ASSUMED = """
            <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleWithWebIdentityResult>
                <Credentials>
                  <AccessKeyId>ASIAEXAMPLEFROMSTS</AccessKeyId>
                  <SecretAccessKey>secret-from-sts</SecretAccessKey>
                  <SessionToken>session-token-from-sts</SessionToken>
                  <Expiration>2099-01-01T00:00:00Z</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROAEXAMPLE:extractor-test</AssumedRoleId>
                  <Arn>arn:aws:sts::123456789012:assumed-role/extractor/extractor-test</Arn>
                </AssumedRoleUser>
              </AssumeRoleWithWebIdentityResult>
              <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
            </AssumeRoleWithWebIdentityResponse>
            """;
}
