package dev.customactions.common.json;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How every service reads JSON from a client: text PostgreSQL can't store is refused
 * ({@link StrictJsonModule}), a key given twice in one object is refused, {@code null} in a list
 * is refused, data after the JSON value is refused, scalars are never coerced ({@code 3.0} is not an integer, {@code "true"} not a boolean,
 * {@code 5} not a string), and the reader's limits (nesting, string and number length) are set where no
 * request of ours comes near them. Applied to the injected {@link ObjectMapper} by
 * {@link StrictJsonCustomizer}; a third party's JSON must be read with a mapper of its own.
 */
public final class StrictJson {

    /** The deepest nesting of arrays and objects accepted. */
    public static final int MAX_NESTING_DEPTH = 64;
    /** The longest string value accepted, in chars. */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** The most digits a number may have. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** The longest object key accepted, in chars. */
    public static final int MAX_NAME_LENGTH = 1_000;

    private static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .build();

    private StrictJson() {}

    /** Makes {@code mapper} strict; returns it. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(CONSTRAINTS);
        mapper.getFactory().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
        // A body is one JSON value: anything after it is refused, not ignored.
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        for (Class<?> type : List.of(Collection.class, List.class, Set.class)) {
            mapper.configOverride(type).setSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        }
        // Types are strict (as every API here): 3.0 is not an integer, "true" not a boolean, 5 not a string.
        mapper.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.registerModule(new StrictJsonModule());
        return mapper;
    }
}
