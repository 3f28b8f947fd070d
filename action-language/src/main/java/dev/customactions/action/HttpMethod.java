package dev.customactions.action;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The HTTP method of an action's request, with what the platform does differently for each. */
public enum HttpMethod {
    GET,
    POST,
    PUT,
    PATCH,
    DELETE;

    /** The name on the wire: {@code get}, {@code post}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method named {@code wireName} (any case), if it is one. */
    public static Optional<HttpMethod> of(String wireName) {
        return wireName == null
                ? Optional.empty()
                : Arrays.stream(values())
                        .filter(method -> method.wireName().equalsIgnoreCase(wireName))
                        .findFirst();
    }

    /** The wire names, for messages: {@code get, post, put, patch, delete}. */
    public static String wireNames() {
        return String.join(
                ", ", Arrays.stream(values()).map(HttpMethod::wireName).toList());
    }

    /** Whether a request of this method carries the action's JSON body. */
    public boolean sendsBody() {
        return this == POST || this == PUT || this == PATCH;
    }

    /**
     * Whether a call of this method carries the run's {@code Idempotency-Key} (methods that are not
     * idempotent by definition, so that a retried call can be recognised by the third party).
     */
    public boolean sendsIdempotencyKey() {
        return this == POST || this == PATCH;
    }
}
