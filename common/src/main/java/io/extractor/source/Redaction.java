package io.extractor.source;

import java.util.regex.Pattern;

/** Keeps secrets out of text that may reach a log, an API answer or the dashboard. */
public final class Redaction {
    /**
     * Credential-shaped options in a URL or message: {@code password=}, Connector/J's {@code password1=} to
     * {@code password3=}, {@code trustCertificateKeyStorePassword=}, {@code pwd=}, {@code secret=}, {@code token=}...
     */
    private static final Pattern CREDENTIAL_OPTION = Pattern.compile(
            "(?i)\\b([A-Za-z0-9_.-]*(?:password|passwd|pwd|secret|token|credential)[A-Za-z0-9_.-]*)=[^&;,\\s)'\"]*");
    /**
     * {@code scheme://user:password@host} and {@code redis://:password@host}: the user may be empty. The password
     * runs to the last {@code @} before the path, so one with an {@code @} that was not percent-encoded is hidden whole.
     */
    private static final Pattern URL_USERINFO = Pattern.compile("//([^/@:\\s]*):[^/\\s]*@");

    private Redaction() {
    }

    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String noOptions = CREDENTIAL_OPTION.matcher(url).replaceAll("$1=***");
        return URL_USERINFO.matcher(noOptions).replaceAll("//$1:***@");
    }

    /** Removes each secret that occurs verbatim in {@code text}, and anything credential-shaped. */
    public static String secrets(String text, Iterable<String> secrets) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret != null && secret.length() >= 3) {
                out = out.replace(secret, "***");
            }
        }
        return url(out);
    }
}
