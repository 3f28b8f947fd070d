package dev.customactions.definitions.action.importing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition.KeyValue;
import dev.customactions.common.error.ApiException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cURL command as browsers' "copy as cURL" and API docs write it, read into the parts of a draft
 * action: method, URL, query rows, headers and a JSON body. Credentials (an {@code Authorization}
 * header, {@code -u}) become a suggested connection and never stay in the action; what an action
 * can't carry (multipart forms, cookies, a body that isn't JSON, unknown options) is named in
 * {@code unsupported}, never dropped silently.
 */
public final class CurlCommand {

    /** The credentials the command carried, as a connection to create: its type and where they go. */
    public record SuggestedConnection(String authType, String headerName) {}

    /** What the command says, ready to become a draft. */
    public record Parsed(
            String httpMethod,
            String url,
            List<KeyValue> query,
            List<KeyValue> headers,
            JsonNode body,
            SuggestedConnection suggestedConnection,
            List<String> unsupported) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private CurlCommand() {}

    /** Reads {@code command}; a command that can't be read at all is a 400 naming {@code command}. */
    public static Parsed parse(String command) {
        List<String> words = words(command == null ? "" : command);
        if (words.isEmpty() || !words.get(0).equals("curl")) {
            throw ApiException.invalid("command", "command must start with curl");
        }
        String method = null;
        String url = null;
        var headers = new ArrayList<KeyValue>();
        var data = new ArrayList<String>();
        var unsupported = new ArrayList<String>();
        SuggestedConnection connection = null;
        boolean json = false;
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            String value = i + 1 < words.size() ? words.get(i + 1) : null;
            switch (word) {
                case "-X", "--request" -> {
                    method = value(word, value).toLowerCase(Locale.ROOT);
                    i++;
                }
                case "-H", "--header" -> {
                    String header = value(word, value);
                    i++;
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        unsupported.add("header without a value: " + header);
                        continue;
                    }
                    String name = header.substring(0, colon).trim();
                    String headerValue = header.substring(colon + 1).trim();
                    if (name.equalsIgnoreCase("authorization")) {
                        String scheme = headerValue.split(" ", 2)[0].toLowerCase(Locale.ROOT);
                        connection = new SuggestedConnection(
                                scheme.equals("basic") ? "basic" : scheme.equals("bearer") ? "bearer" : "api_key",
                                "Authorization");
                    } else if (name.equalsIgnoreCase("cookie")) {
                        unsupported.add("cookies (" + name + " header)");
                    } else if (!name.equalsIgnoreCase("content-length")) {
                        headers.add(new KeyValue(name, headerValue));
                    }
                }
                case "-d", "--data", "--data-raw", "--data-binary", "--data-ascii" -> {
                    data.add(value(word, value));
                    i++;
                }
                case "--json" -> {
                    data.add(value(word, value));
                    json = true;
                    i++;
                }
                case "-u", "--user" -> {
                    value(word, value);
                    i++;
                    connection = new SuggestedConnection("basic", "Authorization");
                }
                case "--url" -> {
                    url = value(word, value);
                    i++;
                }
                case "-F", "--form", "--form-string" -> {
                    value(word, value);
                    i++;
                    unsupported.add("multipart form fields (" + word + ")");
                }
                case "-b", "--cookie" -> {
                    value(word, value);
                    i++;
                    unsupported.add("cookies (" + word + ")");
                }
                case "--data-urlencode" -> {
                    value(word, value);
                    i++;
                    unsupported.add("form-encoded data (--data-urlencode): only JSON bodies are sent");
                }
                case "--compressed",
                        "-s",
                        "--silent",
                        "-S",
                        "--show-error",
                        "-L",
                        "--location",
                        "-k",
                        "--insecure",
                        "-i",
                        "--include",
                        "-v",
                        "--verbose",
                        "-g",
                        "--globoff" -> {
                    // How curl shows or fetches the answer: nothing an action needs.
                }
                default -> {
                    if (word.startsWith("-")) {
                        unsupported.add("option " + word);
                    } else if (url == null) {
                        url = word;
                    } else {
                        unsupported.add("a second URL: " + word);
                    }
                }
            }
        }
        if (url == null) {
            throw ApiException.invalid("command", "the command has no URL");
        }
        JsonNode body = null;
        if (!data.isEmpty()) {
            String text = String.join("&", data);
            try {
                body = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                unsupported.add("a body that isn't JSON: " + shorten(text));
            }
            if (json) {
                headers.removeIf(
                        h -> h.key().equalsIgnoreCase("content-type") || h.key().equalsIgnoreCase("accept"));
                headers.add(new KeyValue("Content-Type", "application/json"));
            }
        }
        if (method == null) {
            method = data.isEmpty() ? "get" : "post";
        }
        var query = new ArrayList<KeyValue>();
        String bare = url;
        int question = url.indexOf('?');
        if (question >= 0) {
            bare = url.substring(0, question);
            for (String pair : url.substring(question + 1).split("&", -1)) {
                if (!pair.isEmpty()) {
                    int equals = pair.indexOf('=');
                    query.add(new KeyValue(
                            decode(equals < 0 ? pair : pair.substring(0, equals)),
                            equals < 0 ? "" : decode(pair.substring(equals + 1))));
                }
            }
        }
        try {
            URI.create(bare);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("command", "the URL can't be read: " + shorten(bare));
        }
        return new Parsed(method, bare, query, headers, body, connection, unsupported);
    }

    private static String value(String option, String value) {
        if (value == null) {
            throw ApiException.invalid("command", option + " needs a value");
        }
        return value;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    /** The command's words as a POSIX shell splits them: quotes, backslash escapes, line continuations. */
    static List<String> words(String command) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == '\\' && i + 1 < command.length()) {
                char next = command.charAt(++i);
                if (next == '\n' || next == '\r') {
                    // A line continuation: nothing.
                    if (next == '\r' && i + 1 < command.length() && command.charAt(i + 1) == '\n') {
                        i++;
                    }
                } else {
                    word.append(next);
                    inWord = true;
                }
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                if (end < 0) {
                    throw ApiException.invalid("command", "a quote (') is not closed");
                }
                word.append(command, i + 1, end);
                inWord = true;
                i = end;
            } else if (c == '"') {
                int j = i + 1;
                for (; j < command.length() && command.charAt(j) != '"'; j++) {
                    char d = command.charAt(j);
                    if (d == '\\' && j + 1 < command.length() && "\"\\$`\n".indexOf(command.charAt(j + 1)) >= 0) {
                        j++;
                        if (command.charAt(j) != '\n') {
                            word.append(command.charAt(j));
                        }
                    } else {
                        word.append(d);
                    }
                }
                if (j >= command.length()) {
                    throw ApiException.invalid("command", "a quote (\") is not closed");
                }
                inWord = true;
                i = j;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
