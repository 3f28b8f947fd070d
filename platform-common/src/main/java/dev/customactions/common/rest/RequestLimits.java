package dev.customactions.common.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.ErrorList;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a request whose URI, headers or declared body are too large with the error list (414,
 * 431, 413), or whose query string is hostile ({@link ParameterCheck#queryProblem}, 400), before
 * anything else reads it. The HTTP server's own limits (raised far above these
 * in {@code META-INF/microprofile-config.properties}) would answer the same with an empty body.
 */
@ApplicationScoped
public class RequestLimits {

    /** The longest request URI accepted, in chars. */
    public static final int MAX_URI_LENGTH = 8 * 1024;
    /** The most header bytes (names and values) accepted. */
    public static final int MAX_HEADERS_SIZE = 32 * 1024;

    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final String uriTooLong;
    private final String headersTooLarge;
    private final String bodyTooLarge;

    RequestLimits(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize maxBody,
            ObjectMapper mapper)
            throws JsonProcessingException {
        this.mapper = mapper;
        this.maxBodyBytes = maxBody.asLongValue();
        this.uriTooLong = mapper.writeValueAsString(ErrorList.of(
                ErrorCodes.REQUEST_TOO_LARGE,
                "The request URI is longer than " + MAX_URI_LENGTH + " characters",
                null));
        this.headersTooLarge = mapper.writeValueAsString(ErrorList.of(
                ErrorCodes.REQUEST_TOO_LARGE,
                "The request headers are larger than " + MAX_HEADERS_SIZE + " bytes",
                null));
        this.bodyTooLarge = mapper.writeValueAsString(
                ErrorList.of(ErrorCodes.REQUEST_TOO_LARGE, "The body is larger than " + maxBodyBytes + " bytes", null));
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::check);
        router.errorHandler(400, this::malformed);
    }

    /**
     * Answers a request the router itself refused as malformed (a bad escape in the query, seen
     * when a route's path parameters are added to the request's) with the error list.
     */
    private void malformed(RoutingContext context) {
        if (context.response().ended() || context.response().headWritten()) {
            return;
        }
        String query = context.request().query();
        ErrorList.Error problem = query == null || query.isEmpty() ? null : ParameterCheck.queryProblem(query);
        refuse(
                context,
                400,
                errorList(
                        problem != null
                                ? problem
                                : new ErrorList.Error(ErrorCodes.BAD_REQUEST, "The request is malformed", null)));
    }

    private void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (request.uri().length() > MAX_URI_LENGTH) {
            refuse(context, 414, uriTooLong);
        } else if (headersSize(request) > MAX_HEADERS_SIZE) {
            refuse(context, 431, headersTooLarge);
        } else if (declaredLength(request) > maxBodyBytes) {
            refuse(context, 413, bodyTooLarge);
        } else {
            String query = request.query();
            ErrorList.Error problem = query == null || query.isEmpty() ? null : ParameterCheck.queryProblem(query);
            if (problem == null) {
                context.next();
            } else {
                refuse(context, 400, errorList(problem));
            }
        }
    }

    private String errorList(ErrorList.Error problem) {
        try {
            return mapper.writeValueAsString(ErrorList.of(List.of(problem)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write an error list", e);
        }
    }

    private static long headersSize(HttpServerRequest request) {
        long size = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }

    private static long declaredLength(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void refuse(RoutingContext context, int status, String body) {
        context.response()
                .setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
