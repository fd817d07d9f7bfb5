package io.extractor.source;

import java.util.regex.Pattern;

/** Keeps secrets out of text that may reach a log, an API answer or the dashboard. */
public final class Redaction {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password|pwd|secret)=[^&;]*");
    private static final Pattern URL_USERINFO = Pattern.compile("//([^/@:]+):[^/@]*@");

    private Redaction() {
    }

    public static String url(String url) {
        if (url == null) {
            return null;
        }
        String noQueryPassword = URL_PASSWORD.matcher(url).replaceAll("$1=***");
        return URL_USERINFO.matcher(noQueryPassword).replaceAll("//$1:***@");
    }

    /** Removes each secret that occurs verbatim in {@code text}. */
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
