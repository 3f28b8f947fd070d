package dev.customactions.executor.run;

import dev.customactions.common.text.StorableText;

/**
 * A run failed for a reason of the fixed list in the executor's README; {@link #type()} is what workflows branch on,
 * the message says what happened in words a support admin understands.
 */
public class RunFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final String INPUT_INVALID = "input_invalid";
    public static final String INPUT_MISSING = "input_missing";
    public static final String RENDER_FAILED = "render_failed";
    public static final String BLOCKED_DESTINATION = "blocked_destination";
    public static final String CONNECTION_FAILED = "connection_failed";
    public static final String TIMEOUT = "timeout";
    public static final String HTTP_ERROR = "http_error";
    public static final String RESPONSE_TOO_LARGE = "response_too_large";
    public static final String RESPONSE_NOT_JSON = "response_not_json";
    public static final String AUTH_FAILED = "auth_failed";
    public static final String MAPPING_FAILED = "mapping_failed";
    public static final String RATE_LIMITED = "rate_limited";

    private final String type;

    /** A failure of {@code type}; the message may quote a value, so what can't be stored in it is replaced. */
    public RunFailure(String type, String message) {
        super(StorableText.replaced(message), null, false, false);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
