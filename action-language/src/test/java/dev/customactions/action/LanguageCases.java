package dev.customactions.action;

import java.util.List;

/**
 * One table of cases for the action language, run through the definitions service's API (what it
 * accepts when an action is saved) and through the executor (what it runs), so the two can't
 * disagree. Shipped in this module's test-jar.
 */
public final class LanguageCases {

    /** A JSON value given for an input of {@code type}: accepted or refused. */
    public record TypedValue(String type, String json, boolean accepted) {}

    /** A URL template for an action with {@code inputs}: accepted when saved (and then rendered by runs) or refused. */
    public record UrlTemplate(String url, List<String> inputs, boolean accepted) {}

    public static final List<TypedValue> TYPED_VALUES = List.of(
            new TypedValue("integer", "42", true),
            new TypedValue("integer", "-7", true),
            new TypedValue("integer", "9223372036854775807", true),
            new TypedValue("integer", "9223372036854775808", false),
            new TypedValue("integer", "3.0", false),
            new TypedValue("integer", "\"42\"", false),
            new TypedValue("decimal", "52.5", true),
            new TypedValue("decimal", "3", true),
            new TypedValue("decimal", "\"52.50\"", false),
            new TypedValue("decimal", "1e400", false),
            new TypedValue("decimal", "-1e400", false),
            new TypedValue("decimal", "1e300", true),
            new TypedValue("boolean", "true", true),
            new TypedValue("boolean", "\"true\"", false),
            new TypedValue("boolean", "1", false),
            new TypedValue("string", "\"1001\"", true),
            new TypedValue("string", "1001", false));

    public static final List<UrlTemplate> URL_TEMPLATES = List.of(
            new UrlTemplate("https://shop.test/orders/{{order_id}}.json", List.of("order_id"), true),
            new UrlTemplate("https://shop.test/orders/{{ order_id }}.json", List.of("order_id"), true),
            new UrlTemplate("https://shop.test/customers/{{contact.external_id}}", List.of(), true),
            new UrlTemplate("https://shop.test/w/{{workspace.id}}/c/{{conversation.id}}", List.of(), true),
            new UrlTemplate("https://shop.test/orders/{{order_number}}", List.of("order_id"), false),
            new UrlTemplate("https://shop.test/orders/{{event.body}}", List.of(), false),
            new UrlTemplate("https://shop.test/orders/{{order_id}", List.of("order_id"), false),
            new UrlTemplate("https://shop.test/orders/order_id}}", List.of("order_id"), false));

    private LanguageCases() {}
}
