package dev.customactions.console.ops;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;

/**
 * The platform's error body: {@code {"type":"error.list","request_id":...,"errors":[{"code","message"}]}},
 * the wire shape of {@code dev.customactions.common.error.ErrorList}. The console does not depend on
 * platform-common, which brings Kafka, Hibernate and the token registry a service without a
 * database or consumer does not need, so it writes the two fields it uses itself.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ErrorList(String type, String requestId, List<Error> errors) {

    /** One problem. */
    // Named as Intercom names the error object; always written ErrorList.Error, never imported alone.
    @SuppressWarnings("JavaLangClash")
    public record Error(String code, String message) {}

    /** An error list of one problem with a new request id. */
    public static ErrorList of(String code, String message) {
        return new ErrorList("error.list", UUID.randomUUID().toString(), List.of(new Error(code, message)));
    }
}
