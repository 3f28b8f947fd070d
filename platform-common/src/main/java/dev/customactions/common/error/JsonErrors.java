package dev.customactions.common.error;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.customactions.common.json.StrictJson;
import dev.customactions.common.json.UnstorableTextException;
import dev.customactions.common.text.StorableText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Turns every way Jackson can refuse a request body into a 400 naming the field where it is
 * known: malformed JSON, a key given twice, a limit of the reader, a number out of range, a
 * wrong type, a null in a list, text that can't be stored. Never says more of the input than
 * its field, which is made printable.
 */
public final class JsonErrors {

    private static final int SHOWN_FIELD_LENGTH = 200;

    private JsonErrors() {}

    /** The 400 to answer {@code e} with. */
    public static ApiException refusal(JsonProcessingException e) {
        Throwable cause = innermost(e);
        String field = fieldOf(e, cause);
        String named = field == null ? "The body" : field;
        if (e instanceof UnstorableTextException) {
            return ApiException.invalid(field, named + " " + e.getOriginalMessage());
        }
        if (cause instanceof StreamConstraintsException limit) {
            return new ApiException(400, ErrorCodes.BAD_REQUEST, limitMessage(limit), field);
        }
        if (cause instanceof InputCoercionException) {
            return ApiException.invalid(field, named + " is out of range for its type");
        }
        if (cause instanceof JsonParseException parse
                && parse.getOriginalMessage() != null
                && parse.getOriginalMessage().startsWith("Duplicate field")) {
            return ApiException.invalid(field, named + " is given more than once");
        }
        if (e instanceof MismatchedInputException trailing
                && trailing.getOriginalMessage() != null
                && trailing.getOriginalMessage().startsWith("Trailing token")) {
            return new ApiException(
                    400, ErrorCodes.BAD_REQUEST, "The body has data after its JSON value (a body is one value)", null);
        }
        if (cause instanceof StreamReadException || !(e instanceof JsonMappingException)) {
            return new ApiException(400, ErrorCodes.BAD_REQUEST, "The body is not valid JSON", field);
        }
        if (e instanceof InvalidNullException) {
            return ApiException.invalid(field, named + " must not be null");
        }
        if (e instanceof UnrecognizedPropertyException) {
            return ApiException.invalid(field, named + " is not a known field");
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            return ApiException.invalid(
                    field, field == null ? "The body has the wrong shape" : field + " has the wrong type");
        }
        return ApiException.invalid(field, "The body could not be read");
    }

    private static Throwable innermost(Throwable e) {
        Throwable inner = e;
        while (inner.getCause() instanceof JsonProcessingException next && next != inner) {
            inner = next;
        }
        return inner;
    }

    /** The field: where the parser stood for a parse error, else the path the deserializers recorded. */
    private static String fieldOf(JsonProcessingException e, Throwable cause) {
        String field = null;
        if (cause instanceof StreamReadException read && read.getProcessor() != null) {
            field = fieldOf(read.getProcessor().getParsingContext());
        }
        if (field == null && e instanceof JsonMappingException mapping) {
            var path = new StringBuilder();
            for (JsonMappingException.Reference ref : mapping.getPath()) {
                if (ref.getFieldName() != null) {
                    path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
                } else if (ref.getIndex() >= 0) {
                    path.append('[').append(ref.getIndex()).append(']');
                }
            }
            field = path.length() == 0 ? null : path.toString();
        }
        return field == null ? null : StorableText.printable(field, SHOWN_FIELD_LENGTH);
    }

    private static String fieldOf(JsonStreamContext context) {
        List<JsonStreamContext> levels = new ArrayList<>();
        for (JsonStreamContext level = context; level != null && !level.inRoot(); level = level.getParent()) {
            levels.add(level);
        }
        Collections.reverse(levels);
        var path = new StringBuilder();
        for (JsonStreamContext level : levels) {
            if (level.inArray()) {
                path.append('[').append(Math.max(level.getCurrentIndex(), 0)).append(']');
            } else if (level.getCurrentName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(level.getCurrentName());
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static String limitMessage(StreamConstraintsException limit) {
        String message = String.valueOf(limit.getOriginalMessage());
        if (message.contains("nesting depth")) {
            return "The body is nested more than " + StrictJson.MAX_NESTING_DEPTH + " levels deep";
        }
        if (message.startsWith("String value length")) {
            return "A string is longer than " + StrictJson.MAX_STRING_LENGTH + " characters";
        }
        if (message.startsWith("Number value length")) {
            return "A number has more than " + StrictJson.MAX_NUMBER_LENGTH + " digits";
        }
        if (message.startsWith("Name length")) {
            return "A key is longer than " + StrictJson.MAX_NAME_LENGTH + " characters";
        }
        return "The body is larger than the JSON reader accepts";
    }
}
