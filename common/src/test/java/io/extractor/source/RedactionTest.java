package io.extractor.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every credential-shaped part of a URL or an error message is hidden before it is printed. */
class RedactionTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "redis://:s3cr3t-pw@redis.internal:6379/0 | redis://:***@redis.internal:6379/0",
        "rediss://default:s3cr3t-pw@redis.internal:6380 | rediss://default:***@redis.internal:6380",
        "redis://extractor:p@ss@redis.internal:6379/1 | redis://extractor:***@redis.internal:6379/1",
        "jdbc:mysql://app:s3cr3t-pw@db:3306/shop | jdbc:mysql://app:***@db:3306/shop",
        "jdbc:mysql://db:3306/shop?user=app&password=s3cr3t-pw&useSSL=true | jdbc:mysql://db:3306/shop?user=app&password=***&useSSL=true",
        "jdbc:mysql://db/shop?password1=a1&password2=b2&password3=c3 | jdbc:mysql://db/shop?password1=***&password2=***&password3=***",
        "jdbc:mysql://db/shop?trustCertificateKeyStorePassword=ks-pw&sslMode=VERIFY_CA | jdbc:mysql://db/shop?trustCertificateKeyStorePassword=***&sslMode=VERIFY_CA",
        "jdbc:mysql://db/shop;pwd=x1y2;secret=z3 | jdbc:mysql://db/shop;pwd=***;secret=***",
        "http://minio:9000/bucket?X-Amz-Security-Token=abc123 | http://minio:9000/bucket?X-Amz-Security-Token=***",
        "jdbc:mysql://db:3306/shop?useSSL=false | jdbc:mysql://db:3306/shop?useSSL=false",
    })
    void credentialsInUrlsAreHidden(String url, String shown) {
        assertThat(Redaction.url(url)).isEqualTo(shown);
    }

    @Test
    void knownSecretsAndCredentialShapedTextAreHiddenInAMessage() {
        String message = "cannot connect to redis://:hunter22@10.0.0.5:6379 (WRONGPASS with hunter22), url password=abc";

        String shown = Redaction.secrets(message, List.of("hunter22"));

        assertThat(shown).doesNotContain("hunter22").doesNotContain("abc").contains("10.0.0.5:6379");
    }
}
