package io.extractor.cli;

/** A failure to report to the user as one clear message, without a stack trace. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
