package dev.customactions.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.customactions.common.failure.Failures;
import dev.customactions.common.text.StorableText;
import io.quarkus.logging.Log;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Answers every refused request of every service with Intercom's error list, naming the field
 * where there is one. A 500 is logged: it is a bug.
 */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.status(), ErrorList.of(e.errors()));
    }

    /** An error whose message and field can be written as JSON whatever the input they quote. */
    private static ErrorList.Error printable(ErrorList.Error error) {
        return new ErrorList.Error(
                error.code(),
                error.message() == null ? null : StorableText.printable(error.message(), 1000),
                error.field() == null ? null : StorableText.printable(error.field(), 200));
    }

    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthorized(RuntimeException e) {
        return Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorList.of(ErrorCodes.UNAUTHORIZED, "Access Token Invalid", null))
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(
                403, ErrorList.of(ErrorCodes.FORBIDDEN, "The token does not have the scope this request needs", null));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<ErrorList.Error> errors = e.getConstraintViolations().stream()
                .map(violation -> new ErrorList.Error(
                        ErrorCodes.PARAMETER_INVALID,
                        fieldOf(violation) + " " + violation.getMessage(),
                        fieldOf(violation)))
                .sorted(Comparator.comparing(ErrorList.Error::field))
                .toList();
        return respond(400, ErrorList.of(errors));
    }

    /** Takes precedence over Quarkus's own mapper of this type, which answers in another shape. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response jsonMapping(JsonMappingException e) {
        return json(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return api(JsonErrors.refusal(e));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        // The REST layer wraps some of Jackson's refusals (a body that does not parse), and our parameter
        // converters' (WholeNumberParameters): say what and where.
        for (Throwable cause = e.getCause(); status == 400 && cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return json(json);
            }
            if (cause instanceof ApiException refusal) {
                return api(refusal);
            }
        }
        if (status >= 500) {
            Log.error("Request failed", e);
            return respond(status, ErrorList.of(ErrorCodes.SERVER_ERROR, "The server failed to answer", null));
        }
        String code =
                switch (status) {
                    case 401 -> ErrorCodes.UNAUTHORIZED;
                    case 403 -> ErrorCodes.FORBIDDEN;
                    case 404 -> ErrorCodes.NOT_FOUND;
                    case 405 -> ErrorCodes.METHOD_NOT_ALLOWED;
                    case 413 -> ErrorCodes.REQUEST_TOO_LARGE;
                    case 415 -> ErrorCodes.UNSUPPORTED_MEDIA_TYPE;
                    default -> ErrorCodes.BAD_REQUEST;
                };
        String message =
                e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? defaultMessage(status) : e.getMessage();
        return respond(status, ErrorList.of(code, message, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        if (Failures.isTransient(e)) {
            // An outage, not a bug: the client may retry.
            Log.warnf("Request refused while a dependency is unavailable: %s", Failures.reason(e));
            return Response.fromResponse(respond(
                            503,
                            ErrorList.of(
                                    ErrorCodes.SERVICE_UNAVAILABLE,
                                    "The database or the broker is unavailable; retry shortly",
                                    null)))
                    .header("Retry-After", "5")
                    .build();
        }
        if (Failures.isDataError(e)) {
            // The edge should have refused it (a bug to fix there), or two requests raced for one key: not a 500.
            Log.warnf(e, "Request refused by the database: %s", Failures.reason(e));
            return respond(
                    409,
                    ErrorList.of(
                            ErrorCodes.CONFLICT,
                            "The change conflicts with the stored data; " + "read it again and retry",
                            null));
        }
        Log.error("Request failed", e);
        return respond(500, ErrorList.of(ErrorCodes.SERVER_ERROR, "The server failed to answer", null));
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 404 -> "Resource not found";
            case 405 -> "Method not allowed";
            case 415 -> "Content-Type must be application/json";
            default ->
                Response.Status.fromStatusCode(status) == null
                        ? "Bad request"
                        : Response.Status.fromStatusCode(status).getReasonPhrase();
        };
    }

    /** The field of a violation: its property path without the method and parameter names. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        List<Path.Node> nodes = StreamSupport.stream(violation.getPropertyPath().spliterator(), false)
                .toList();
        boolean methodParameter = !nodes.isEmpty() && nodes.get(0).getKind() == ElementKind.METHOD;
        return nodes.stream()
                .skip(methodParameter ? Math.min(2, nodes.size() - 1) : 0)
                .filter(node -> node.getName() != null)
                .map(node -> snakeCase(node.getName()) + (node.getIndex() != null ? "[" + node.getIndex() + "]" : ""))
                .collect(Collectors.joining("."));
    }

    /** JSON is snake_case everywhere: {@code externalId} is reported as {@code external_id}. */
    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    static Response respond(int status, ErrorList body) {
        var printable = new ErrorList(
                body.type(),
                body.requestId(),
                body.errors().stream().map(ErrorMappers::printable).toList());
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(printable)
                .build();
    }
}
