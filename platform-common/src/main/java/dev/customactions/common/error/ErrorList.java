package dev.customactions.common.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;

/**
 * Intercom's error body: {@code {"type":"error.list","request_id":...,"errors":[{"code","message","field"}]}}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ErrorList(String type, String requestId, List<Error> errors) {

    /** One problem; {@code field} names the offending input (a JSON path such as {@code contact.email}) when there is one. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    // Named as Intercom names the error object; always written ErrorList.Error, never imported alone.
    @SuppressWarnings("JavaLangClash")
    public record Error(String code, String message, String field) {

        /** {@code field} is missing (400). */
        public static Error missing(String field) {
            return new Error(ErrorCodes.PARAMETER_NOT_FOUND, field + " is required", field);
        }

        /** {@code field} has the wrong type or form (400). */
        public static Error invalid(String field, String message) {
            return new Error(ErrorCodes.PARAMETER_INVALID, message, field);
        }
    }

    /** An error list of the given problems with a new request id. */
    public static ErrorList of(List<Error> errors) {
        return new ErrorList("error.list", UUID.randomUUID().toString(), List.copyOf(errors));
    }

    /** An error list of one problem. */
    public static ErrorList of(String code, String message, String field) {
        return of(List.of(new Error(code, message, field)));
    }
}
