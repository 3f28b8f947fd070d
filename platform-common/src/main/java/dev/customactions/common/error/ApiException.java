package dev.customactions.common.error;

import java.util.ArrayList;
import java.util.List;

/**
 * A request the service refuses, with the HTTP status and the problems to report. Thrown by
 * services, answered as an {@link ErrorList} by {@link ErrorMappers}.
 */
public class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient List<ErrorList.Error> errors;

    public ApiException(int status, List<ErrorList.Error> errors) {
        super(errors.isEmpty() ? "error" : errors.get(0).message());
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public ApiException(int status, String code, String message, String field) {
        this(status, List.of(new ErrorList.Error(code, message, field)));
    }

    /** 400: {@code field} is missing. */
    public static ApiException missing(String field) {
        return new ApiException(400, List.of(ErrorList.Error.missing(field)));
    }

    /** 400: {@code field} has the wrong type or form. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(400, List.of(ErrorList.Error.invalid(field, message)));
    }

    /** 404: no such resource in the caller's workspace. */
    public static ApiException notFound(String what) {
        return new ApiException(404, ErrorCodes.NOT_FOUND, what + " not found", null);
    }

    /** 422: {@code field} is well-formed but not acceptable. */
    public static ApiException unprocessable(String field, String message) {
        return new ApiException(422, ErrorCodes.UNPROCESSABLE_ENTITY, message, field);
    }

    /** 409: the request conflicts with the current state. */
    public static ApiException conflict(String field, String message) {
        return new ApiException(409, ErrorCodes.CONFLICT, message, field);
    }

    /**
     * 409: {@code thing} (with its article: "An action") named {@code name} exists already; {@code field} is
     * where the name was given. One wording for every name that must be unique.
     */
    public static ApiException nameTaken(String field, String thing, String name) {
        return conflict(field, thing + " named '" + name + "' already exists");
    }

    /**
     * 409: a change refused while others depend on the resource: one error per dependent, each with its message
     * and the field {@code list[i]} (e.g. {@code triggers[0]}), as Intercom lists what blocks a change.
     */
    public static ApiException dependents(String list, List<String> messages) {
        var errors = new ArrayList<ErrorList.Error>();
        for (int i = 0; i < messages.size(); i++) {
            errors.add(new ErrorList.Error(ErrorCodes.CONFLICT, messages.get(i), list + "[" + i + "]"));
        }
        return new ApiException(409, errors);
    }

    public int status() {
        return status;
    }

    public List<ErrorList.Error> errors() {
        return errors;
    }
}
