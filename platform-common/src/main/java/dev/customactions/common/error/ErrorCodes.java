package dev.customactions.common.error;

/** The error codes of the error list, as Intercom names them where it has a name. */
public final class ErrorCodes {

    public static final String BAD_REQUEST = "bad_request";
    public static final String PARAMETER_NOT_FOUND = "parameter_not_found";
    public static final String PARAMETER_INVALID = "parameter_invalid";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String NOT_FOUND = "not_found";
    public static final String METHOD_NOT_ALLOWED = "method_not_allowed";
    public static final String CONFLICT = "conflict";
    public static final String REQUEST_TOO_LARGE = "request_too_large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type";
    public static final String UNPROCESSABLE_ENTITY = "unprocessable_entity";
    public static final String SERVICE_UNAVAILABLE = "service_unavailable";
    /** A workspace over its request rate (429), as Intercom names it. */
    public static final String RATE_LIMIT_EXCEEDED = "rate_limit_exceeded";

    public static final String SERVER_ERROR = "server_error";

    private ErrorCodes() {}
}
