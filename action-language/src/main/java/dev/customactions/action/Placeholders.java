package dev.customactions.action;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code {{placeholder}}} grammar of an action's templates (URL, query, headers, body) and of a
 * trigger's input bindings: a name of letters, digits, {@code _} and {@code .} between double
 * braces, spaces allowed inside. What a name may be: an input of the action, a context value
 * ({@link #CONTEXT_VALUES}) and, in a trigger's bindings, an event value ({@link #EVENT_VALUES}).
 */
public final class Placeholders {

    /** Values every run has, whatever started it. */
    public static final Set<String> CONTEXT_VALUES = Set.of(
            "contact.id",
            "contact.external_id",
            "contact.email",
            "contact.name",
            "contact.type",
            "conversation.id",
            "conversation.external_id",
            "workspace.id");

    /** Values of the channel event a trigger fires on, for its input bindings. */
    public static final Set<String> EVENT_VALUES = Set.of(
            "event.id",
            "event.kind",
            "event.body",
            "event.quick_reply_option_id",
            "event.attribute.id",
            "event.attribute.value");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}");
    private static final Pattern BARE = Pattern.compile("\\s*\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}\\s*");

    private Placeholders() {}

    /** The names of the placeholders in {@code template}, in order. */
    public static List<String> names(String template) {
        var names = new ArrayList<String>();
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Whether {@code template} holds two opening or two closing braces that are not part of a placeholder. */
    public static boolean hasStrayBraces(String template) {
        String rest = PLACEHOLDER.matcher(template).replaceAll("");
        return rest.contains("{{") || rest.contains("}}");
    }

    /** The name of the placeholder that is all of {@code template} (spaces aside), or null. */
    public static String bareName(String template) {
        Matcher bare = BARE.matcher(template);
        return bare.matches() ? bare.group(1) : null;
    }

    /** {@code template} with each placeholder replaced by {@code replacement} of its name. */
    public static String replace(String template, Function<String, String> replacement) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            out.append(template, last, matcher.start()).append(replacement.apply(matcher.group(1)));
            last = matcher.end();
        }
        return out.append(template, last, template.length()).toString();
    }

    /** The context values, sorted, for messages. */
    public static String contextValueList() {
        return String.join(", ", new TreeSet<>(CONTEXT_VALUES));
    }

    /** The text of a value as a template writes it: a string as is, a number or boolean as its literal, none as "". */
    public static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().toPlainString();
        }
        return value.asText();
    }
}
