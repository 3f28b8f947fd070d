package dev.customactions.common.rest;

import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import dev.customactions.common.text.StorableText;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses, with a 400 naming the parameter, a path or query parameter that is not valid
 * percent-encoded UTF-8 or that holds text PostgreSQL can't store, before a resource sees it.
 * Path parameters are checked once matched; the query string first of all, by
 * {@link RequestLimits}, as the HTTP layer answers a bad escape in it with an empty 400.
 */
public class ParameterCheck {

    private static final int SHOWN_NAME_LENGTH = 100;

    @ServerRequestFilter
    public void check(ContainerRequestContext request) {
        UriInfo uri = request.getUriInfo();
        String rawPath = uri.getRequestUri().getRawPath();
        boolean pathEncoded = rawPath == null || decode(rawPath, false) != null;
        for (Map.Entry<String, List<String>> param : uri.getPathParameters(true).entrySet()) {
            for (String value : param.getValue()) {
                if (!pathEncoded && (value.indexOf('%') >= 0 || value.indexOf('\uFFFD') >= 0)) {
                    throw ApiException.invalid(param.getKey(), param.getKey() + " is not valid percent-encoded UTF-8");
                }
                int bad = StorableText.firstUnstorable(value);
                if (bad >= 0) {
                    throw ApiException.invalid(param.getKey(), param.getKey() + " " + StorableText.problem(value, bad));
                }
            }
        }
        if (!pathEncoded) {
            throw ApiException.invalid(null, "The path is not valid percent-encoded UTF-8");
        }
    }

    /**
     * What is wrong with the query string {@code rawQuery} (a parameter that is not valid
     * percent-encoded UTF-8 or holds text that can't be stored), or null if nothing is.
     */
    public static ErrorList.Error queryProblem(String rawQuery) {
        for (String pair : rawQuery.split("&", -1)) {
            int equals = pair.indexOf('=');
            String rawName = equals < 0 ? pair : pair.substring(0, equals);
            String name = decode(rawName, true);
            String shownName = StorableText.printable(name == null ? rawName : name, SHOWN_NAME_LENGTH);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
            if (name == null || value == null) {
                return ErrorList.Error.invalid(shownName, shownName + " is not valid percent-encoded UTF-8");
            }
            int bad = StorableText.firstUnstorable(name);
            if (bad >= 0) {
                return ErrorList.Error.invalid(
                        shownName, "The query parameter name " + StorableText.problem(name, bad));
            }
            bad = StorableText.firstUnstorable(value);
            if (bad >= 0) {
                return ErrorList.Error.invalid(shownName, shownName + " " + StorableText.problem(value, bad));
            }
        }
        return null;
    }

    /** {@code raw} percent-decoded as UTF-8, or null if it has a bad escape or is not UTF-8. */
    static String decode(String raw, boolean plusIsSpace) {
        if (raw.indexOf('%') < 0 && (!plusIsSpace || raw.indexOf('+') < 0)) {
            return raw;
        }
        var bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
