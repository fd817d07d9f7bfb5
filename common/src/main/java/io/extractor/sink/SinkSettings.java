package io.extractor.sink;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A named S3 location. S3, MinIO and any S3-compatible store are the same code path: an endpoint override and
 * path-style addressing are all that differ. Without keys, the AWS default credential chain is used (IAM roles,
 * web identity, environment). {@link #toString()} never shows the secret.
 *
 * @param endpoint  endpoint override such as {@code http://minio:9000}; empty for AWS S3
 * @param prefix    key prefix under which all output goes; may be empty
 */
public record SinkSettings(
        String name,
        Optional<String> endpoint,
        String region,
        String bucket,
        String prefix,
        boolean pathStyle,
        Optional<String> accessKey,
        Optional<String> secretKey) {

    public SinkSettings {
        requireNonNull(name, "name");
        requireNonNull(endpoint, "endpoint");
        requireNonNull(region, "region");
        requireNonNull(bucket, "bucket");
        prefix = normalizePrefix(prefix == null ? "" : prefix);
        requireNonNull(accessKey, "accessKey");
        requireNonNull(secretKey, "secretKey");
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new IllegalArgumentException("sink " + name + ": set both access-key and secret-key, or neither to use the AWS default credentials");
        }
    }

    public SinkLayout layout() {
        return new SinkLayout(prefix);
    }

    /** {@code s3://bucket/key}, for messages and manifests. */
    public String uri(String key) {
        return "s3://" + bucket + "/" + key;
    }

    private static String normalizePrefix(String prefix) {
        String p = prefix.strip();
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public String toString() {
        return "SinkSettings[name=" + name + ", endpoint=" + endpoint.orElse("(AWS)") + ", region=" + region + ", bucket=" + bucket
                + ", prefix=" + prefix + ", pathStyle=" + pathStyle + ", accessKey=" + accessKey.orElse("(default chain)")
                + ", secretKey=***]";
    }
}
