package dev.customactions.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.deser.std.UntypedObjectDeserializer;
import com.fasterxml.jackson.databind.jsontype.TypeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.customactions.common.text.StorableText;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Refuses every JSON string, value or key, that PostgreSQL can't store ({@link StorableText}),
 * whatever it is read into: a String, a tree ({@link JsonNode}, {@link ObjectNode},
 * {@link ArrayNode}), an untyped {@code Object} or {@code Map}, a map key. The failure is an
 * {@link UnstorableTextException} whose path names the field ({@code contact.name},
 * {@code custom_attributes.tags[2]}). Trees and untyped values are read by Jackson's own
 * deserializers, then walked once.
 */
public final class StrictJsonModule extends SimpleModule {

    private static final long serialVersionUID = 1L;
    private static final int SHOWN_KEY_LENGTH = 64;

    public StrictJsonModule() {
        super("strict-json");
        addDeserializer(String.class, new StrictString());
        addKeyDeserializer(String.class, new StrictKey());
        addDeserializer(JsonNode.class, new StrictTree<>(JsonNode.class));
        addDeserializer(ObjectNode.class, new StrictTree<>(ObjectNode.class));
        addDeserializer(ArrayNode.class, new StrictTree<>(ArrayNode.class));
        addDeserializer(Object.class, new StrictUntyped());
    }

    private static UnstorableTextException check(JsonParser parser, String text) {
        int bad = StorableText.firstUnstorable(text);
        return bad < 0 ? null : new UnstorableTextException(parser, StorableText.problem(text, bad));
    }

    private static UnstorableTextException checkKey(JsonParser parser, String key) {
        UnstorableTextException problem = check(parser, key);
        if (problem != null) {
            problem.prependPath(null, StorableText.printable(key, SHOWN_KEY_LENGTH));
        }
        return problem;
    }

    /** The first unstorable text in {@code node}, its path relative to {@code node}; null if none. */
    private static UnstorableTextException findIn(JsonParser parser, JsonNode node) {
        if (node.isTextual()) {
            return check(parser, node.textValue());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                UnstorableTextException problem = checkKey(parser, field.getKey());
                if (problem != null) {
                    return problem;
                }
                problem = findIn(parser, field.getValue());
                if (problem != null) {
                    problem.prependPath(node, field.getKey());
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                UnstorableTextException problem = findIn(parser, node.get(i));
                if (problem != null) {
                    problem.prependPath(node, i);
                    return problem;
                }
            }
        }
        return null;
    }

    /** As {@link #findIn(JsonParser, JsonNode)}, for what Jackson reads into an untyped Object. */
    private static UnstorableTextException findIn(JsonParser parser, Object value) {
        if (value instanceof String text) {
            return check(parser, text);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                String key = String.valueOf(entry.getKey());
                UnstorableTextException problem = checkKey(parser, key);
                if (problem != null) {
                    return problem;
                }
                problem = entry.getValue() == null ? null : findIn(parser, entry.getValue());
                if (problem != null) {
                    problem.prependPath(map, key);
                    return problem;
                }
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                UnstorableTextException problem = list.get(i) == null ? null : findIn(parser, list.get(i));
                if (problem != null) {
                    problem.prependPath(list, i);
                    return problem;
                }
            }
        } else if (value instanceof Object[] array) {
            return findIn(parser, List.of(array));
        }
        return null;
    }

    /** A String, read as Jackson reads it, then checked. */
    static final class StrictString extends StdScalarDeserializer<String> {

        private static final long serialVersionUID = 1L;

        StrictString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            UnstorableTextException problem = value == null ? null : check(parser, value);
            if (problem != null) {
                throw problem;
            }
            return value;
        }

        @Override
        public Object getEmptyValue(DeserializationContext context) {
            return "";
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    /** A map key. */
    static final class StrictKey extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            UnstorableTextException problem = checkKey(context.getParser(), key);
            if (problem != null) {
                throw problem;
            }
            return key;
        }
    }

    /** A tree of {@code type}, read by Jackson's own deserializer, then walked. */
    static final class StrictTree<T extends JsonNode> extends StdDeserializer<T> {

        private static final long serialVersionUID = 1L;

        private final transient JsonDeserializer<? extends JsonNode> standard;

        StrictTree(Class<T> type) {
            super(type);
            this.standard = JsonNodeDeserializer.getDeserializer(type);
        }

        // Jackson's standard deserializer for this type answers this type, typed as its base.
        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return checked(parser, (T) standard.deserialize(parser, context));
        }

        // Jackson's standard deserializer for this type answers this type, typed as its base.
        @Override
        @SuppressWarnings("unchecked")
        public Object deserializeWithType(
                JsonParser parser, DeserializationContext context, TypeDeserializer typeDeserializer)
                throws IOException {
            return checked(parser, (T) standard.deserializeWithType(parser, context, typeDeserializer));
        }

        private T checked(JsonParser parser, T node) throws UnstorableTextException {
            UnstorableTextException problem = node == null ? null : findIn(parser, node);
            if (problem != null) {
                throw problem;
            }
            return node;
        }

        // Jackson's standard deserializer for this type answers this type, typed as its base.
        @Override
        @SuppressWarnings("unchecked")
        public T getNullValue(DeserializationContext context) throws JsonMappingException {
            return (T) standard.getNullValue(context);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) throws JsonMappingException {
            return standard.getAbsentValue(context);
        }

        @Override
        public LogicalType logicalType() {
            return standard.logicalType();
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        @Override
        public Boolean supportsUpdate(DeserializationConfig config) {
            return Boolean.FALSE;
        }
    }

    /**
     * An untyped value (a field of type Object, the values of a {@code Map<String, Object>}), read
     * as Jackson reads it when nothing is customized (maps, lists, strings, numbers, booleans).
     */
    static final class StrictUntyped extends StdDeserializer<Object> {

        private static final long serialVersionUID = 1L;

        // The constructor Jackson's own default uses (no custom list or map types); no replacement exists yet.
        @SuppressWarnings("deprecation")
        private final transient UntypedObjectDeserializer standard = new UntypedObjectDeserializer(null, null);

        StrictUntyped() {
            super(Object.class);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            return checked(parser, standard.deserialize(parser, context));
        }

        @Override
        public Object deserializeWithType(
                JsonParser parser, DeserializationContext context, TypeDeserializer typeDeserializer)
                throws IOException {
            return checked(parser, standard.deserializeWithType(parser, context, typeDeserializer));
        }

        private static Object checked(JsonParser parser, Object value) throws UnstorableTextException {
            UnstorableTextException problem = value == null ? null : findIn(parser, value);
            if (problem != null) {
                throw problem;
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Untyped;
        }

        @Override
        public boolean isCachable() {
            return true;
        }

        @Override
        public Boolean supportsUpdate(DeserializationConfig config) {
            return Boolean.FALSE;
        }
    }
}
