package dev.customactions.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * A JSON string (a value or a key) holds text PostgreSQL can't store; its path names the field.
 * The message says what is wrong ("holds a NUL character (U+0000)"), without the text itself.
 */
public class UnstorableTextException extends MismatchedInputException {

    private static final long serialVersionUID = 1L;

    UnstorableTextException(JsonParser parser, String problem) {
        super(parser, problem, String.class);
    }
}
