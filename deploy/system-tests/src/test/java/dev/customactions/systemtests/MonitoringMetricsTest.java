package dev.customactions.systemtests;

import static dev.customactions.systemtests.Platform.GATEWAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.customactions.common.testing.StandIn;
import dev.customactions.common.testing.TestRecords;
import dev.customactions.common.testing.TopicTail;
import dev.customactions.localstack.Launcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The monitoring shipped in {@code deploy/kubernetes/monitoring} (Grafana dashboards, Prometheus alert
 * rules, the PodMonitor) names only metrics that the running services really expose: after real traffic
 * (a live run of an action, a refused event, a dead letter), every metric name in a dashboard's or a
 * rule's PromQL is found in the {@code /q/metrics} of at least one service the PodMonitor scrapes.
 */
@ExtendWith(Platform.class)
class MonitoringMetricsTest {

    static final Path MONITORING = Platform.home().resolve("deploy/kubernetes/monitoring");

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * Series that Prometheus or Kubernetes write, not the services; each one allowed explicitly and only
     * these.
     */
    static final Map<String, String> NOT_FROM_SERVICES = Map.of(
            // Prometheus writes up (1 or 0) for every scrape target: CustomActionsServiceDown/Absent, "Targets up".
            "up", "Prometheus",
            // kube-state-metrics: replicas failing readiness, CustomActionsServiceNotReady.
            "kube_deployment_status_replicas_unavailable", "kube-state-metrics");

    @Test
    void theExtractorFindsMetricNamesAndNothingElse() {
        assertEquals(
                Set.of("executor_runs_seconds_bucket"),
                PromQl.metricNames(
                        "histogram_quantile(0.99, sum by (le, action_id) (rate(executor_runs_seconds_bucket{namespace=~\"$namespace\", action_id=~\"$action\"}[$__rate_interval])))"));
        assertEquals(
                Set.of("customactions_consumer_lag"),
                PromQl.metricNames("max by (namespace, group, topic) (customactions_consumer_lag) > 1000\n"
                        + "and max by (namespace, group, topic) (deriv(customactions_consumer_lag[10m])) > 0"));
        assertEquals(
                Set.of("customactions_dead_letters_total"),
                PromQl.metricNames("sum(customactions_dead_letters_total unless customactions_dead_letters_total"
                        + " offset 10m) without (pod) > 0 or vector(0)"));
        assertEquals(
                Set.of("a_total", "b_info", "c"),
                PromQl.metricNames("sum(rate(a_total[5m:1m])) by (job) / on (job) group_left (version) b_info"
                        + " * ignoring(x) {__name__=\"c\", job=\"d\"} > bool Inf"));
        assertEquals(Set.of("up"), PromQl.metricNames("absent(up{job=\"x\"}) or absent(up{job=\"y\"})"));
        assertEquals(
                Set.of("process_uptime_seconds"),
                PromQl.grafanaQueryMetricNames("label_values(process_uptime_seconds{job=~\"a|b\"}, namespace)"));
        assertEquals(Set.of(), PromQl.grafanaQueryMetricNames("label_values(namespace)"));
    }

    @Test
    void everyMetricTheDashboardsAndAlertsNameIsExposedByTheRunningServices() throws Exception {
        Map<String, Set<String>> used = usedMetrics();
        System.out.printf("[monitoring] %d metric names used: %s%n", used.size(), used.keySet());
        assertTrue(used.size() >= 20, "the extractor found only " + used.keySet());
        List<String> scraped = scrapedServices();
        assertEquals(
                Set.of("channel-gateway", "definitions-service", "executor-service", "objects-service"),
                Set.copyOf(scraped),
                "the PodMonitor scrapes the four services (the console has no /q/metrics)");

        traffic();

        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    Set<String> exposed = new TreeSet<>();
                    for (String service : scraped) {
                        exposed.addAll(exposedMetrics(Launcher.url(service)));
                    }
                    Map<String, Set<String>> missing = new TreeMap<>();
                    used.forEach((name, where) -> {
                        if (!exposed.contains(name) && !NOT_FROM_SERVICES.containsKey(name)) {
                            missing.put(name, where);
                        }
                    });
                    assertEquals(
                            Map.of(),
                            missing,
                            "metrics named by deploy/kubernetes/monitoring (name=[where]) that no service exposes");
                    for (String name : NOT_FROM_SERVICES.keySet()) {
                        assertFalse(exposed.contains(name), name + " is exposed by a service: not allowed as external");
                    }
                });
    }

    @Test
    void theKustomizationShipsEveryDashboardAndCompleteRules() throws IOException {
        JsonNode kustomization =
                YAML.readTree(MONITORING.resolve("kustomization.yaml").toFile());
        Set<String> resources = new TreeSet<>();
        kustomization.path("resources").forEach(r -> resources.add(r.asText()));
        assertEquals(Set.of("podmonitors.yaml", "alerts.yaml"), resources);
        assertEquals(
                "1",
                kustomization.at("/generatorOptions/labels/grafana_dashboard").asText());
        assertTrue(kustomization.at("/generatorOptions/disableNameSuffixHash").asBoolean());
        Set<String> generated = new TreeSet<>();
        kustomization.path("configMapGenerator").forEach(g -> g.path("files").forEach(f -> generated.add(f.asText())));
        assertEquals(
                dashboards().stream()
                        .map(d -> "dashboards/" + d.getFileName())
                        .collect(Collectors.toCollection(TreeSet::new)),
                generated);
        for (Path dashboard : dashboards()) {
            JsonNode board = Http.JSON.readTree(dashboard.toFile());
            assertFalse(board.path("uid").asText().isEmpty(), dashboard + " has a uid");
            assertEquals("datasource", board.at("/templating/list/0/type").asText(), dashboard + ": ${datasource}");
        }
        int rules = 0;
        for (JsonNode rule : alertRules()) {
            rules++;
            String name = rule.path("alert").asText();
            assertTrue(
                    Set.of("warning", "critical")
                            .contains(rule.at("/labels/severity").asText()),
                    name + " severity");
            for (String annotation : List.of("summary", "description", "runbook")) {
                assertFalse(rule.at("/annotations/" + annotation).asText().isBlank(), name + " " + annotation);
            }
            assertTrue(
                    Files.readString(MONITORING.resolve("README.md")).contains("### " + name),
                    name + " is explained in README.md");
        }
        assertTrue(rules >= 5, "alert rules: " + rules);
    }

    /** A live run that succeeds, an event refused by the gateway and a poison record dead-lettered. */
    static void traffic() throws Exception {
        String kafka = Platform.launcher().kafkaBootstrapServers();
        try (StandIn shop = StandIn.start().otherwise(StandIn.echoOrder())) {
            Story story = Story.create("Monitoring", shop.url("127.0.0.1", ""), 5000);
            try (var results = TopicTail.of(kafka, "action.results")) {
                story.probe(results);
            }
            Http.Answer refused =
                    Http.post(GATEWAY + "/custom_channel_events/notify_new_message", story.admin, Map.of());
            assertEquals(400, refused.status(), refused.toString());
            String id = "poison-" + UUID.randomUUID();
            try (var dlq = TopicTail.of(kafka, "channel.events.dlq")) {
                TestRecords.publish(
                        kafka,
                        "channel.events",
                        story.workspaceId + ":poisoned",
                        id,
                        "dev.customactions.test.poison",
                        "{\"this is\": not json");
                dlq.awaitRecord(Duration.ofSeconds(60), r -> id.equals(TopicTail.header(r, "ce_id")));
            }
        }
    }

    /** Every metric name in the dashboards' and the alert rules' queries, with where each is used. */
    static Map<String, Set<String>> usedMetrics() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        for (Path dashboard : dashboards()) {
            JsonNode board = Http.JSON.readTree(dashboard.toFile());
            String file = dashboard.getFileName().toString();
            collectExpressions(board, file, "", used);
            for (JsonNode variable : board.at("/templating/list")) {
                if ("query".equals(variable.path("type").asText())) {
                    JsonNode query = variable.path("query");
                    String text = query.isTextual()
                            ? query.asText()
                            : query.path("query").asText();
                    for (String name : PromQl.grafanaQueryMetricNames(text)) {
                        used.computeIfAbsent(name, n -> new TreeSet<>())
                                .add(file + ": variable "
                                        + variable.path("name").asText());
                    }
                }
            }
        }
        for (JsonNode rule : alertRules()) {
            for (String name : PromQl.metricNames(rule.path("expr").asText())) {
                used.computeIfAbsent(name, n -> new TreeSet<>())
                        .add("alerts.yaml: " + rule.path("alert").asText());
            }
        }
        return used;
    }

    private static void collectExpressions(JsonNode node, String file, String panel, Map<String, Set<String>> used) {
        String title = node.isObject() && node.has("title") ? node.path("title").asText() : panel;
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().equals("expr") && field.getValue().isTextual()) {
                    for (String name : PromQl.metricNames(field.getValue().asText())) {
                        used.computeIfAbsent(name, n -> new TreeSet<>()).add(file + ": " + title);
                    }
                } else {
                    collectExpressions(field.getValue(), file, title, used);
                }
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectExpressions(child, file, title, used));
        }
    }

    static List<Path> dashboards() throws IOException {
        try (Stream<Path> files = Files.list(MONITORING.resolve("dashboards"))) {
            List<Path> found =
                    files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertFalse(found.isEmpty(), "no dashboard in " + MONITORING);
            return found;
        }
    }

    static List<JsonNode> alertRules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        for (JsonNode document : yamlDocuments(MONITORING.resolve("alerts.yaml"))) {
            if ("PrometheusRule".equals(document.path("kind").asText())) {
                document.at("/spec/groups").forEach(group -> group.path("rules").forEach(rules::add));
            }
        }
        assertFalse(rules.isEmpty(), "no rule in alerts.yaml");
        return rules;
    }

    /** The modules the PodMonitor selects (its app.kubernetes.io/name values). */
    static List<String> scrapedServices() throws IOException {
        List<String> services = new ArrayList<>();
        for (JsonNode document : yamlDocuments(MONITORING.resolve("podmonitors.yaml"))) {
            if (!"PodMonitor".equals(document.path("kind").asText())) {
                continue;
            }
            assertEquals(
                    "/q/metrics",
                    document.at("/spec/podMetricsEndpoints/0/path").asText());
            assertEquals("http", document.at("/spec/podMetricsEndpoints/0/port").asText());
            String name = document.at("/spec/selector/matchLabels/app.kubernetes.io~1name")
                    .asText(null);
            if (name != null) {
                services.add(name);
            }
            for (JsonNode expression : document.at("/spec/selector/matchExpressions")) {
                if ("app.kubernetes.io/name".equals(expression.path("key").asText())
                        && "In".equals(expression.path("operator").asText())) {
                    expression.path("values").forEach(v -> services.add(v.asText()));
                }
            }
        }
        return services;
    }

    private static List<JsonNode> yamlDocuments(Path file) throws IOException {
        try (var documents = YAML.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            return documents.readAll();
        }
    }

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The names of the samples in {@code base}/q/metrics, as Prometheus stores them. */
    static Set<String> exposedMetrics(String base) throws IOException, InterruptedException {
        HttpResponse<String> answer = CLIENT.send(
                HttpRequest.newBuilder(URI.create(base + "/q/metrics"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Accept", "text/plain")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), base + "/q/metrics");
        Set<String> names = new TreeSet<>();
        for (String line : answer.body().lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
                end++;
            }
            names.add(line.substring(0, end));
        }
        return names;
    }

    /** The metric names a PromQL expression selects: a small tokenizer, not a full parser. */
    static final class PromQl {

        /** Aggregation operators and functions: identifiers that are never metric names. */
        static final Set<String> FUNCTIONS = Set.of(
                "sum",
                "min",
                "max",
                "avg",
                "group",
                "stddev",
                "stdvar",
                "count",
                "count_values",
                "bottomk",
                "topk",
                "quantile",
                "limitk",
                "limit_ratio",
                "abs",
                "absent",
                "absent_over_time",
                "ceil",
                "changes",
                "clamp",
                "clamp_max",
                "clamp_min",
                "day_of_month",
                "day_of_week",
                "day_of_year",
                "days_in_month",
                "delta",
                "deriv",
                "exp",
                "floor",
                "histogram_avg",
                "histogram_count",
                "histogram_fraction",
                "histogram_quantile",
                "histogram_stddev",
                "histogram_stdvar",
                "histogram_sum",
                "holt_winters",
                "double_exponential_smoothing",
                "hour",
                "idelta",
                "increase",
                "irate",
                "label_join",
                "label_replace",
                "ln",
                "log2",
                "log10",
                "minute",
                "month",
                "predict_linear",
                "rate",
                "resets",
                "round",
                "scalar",
                "sgn",
                "sort",
                "sort_desc",
                "sort_by_label",
                "sort_by_label_desc",
                "sqrt",
                "time",
                "timestamp",
                "vector",
                "year",
                "avg_over_time",
                "min_over_time",
                "max_over_time",
                "sum_over_time",
                "count_over_time",
                "quantile_over_time",
                "stddev_over_time",
                "stdvar_over_time",
                "last_over_time",
                "present_over_time",
                "mad_over_time",
                "acos",
                "acosh",
                "asin",
                "asinh",
                "atan",
                "atanh",
                "cos",
                "cosh",
                "sin",
                "sinh",
                "tan",
                "tanh",
                "deg",
                "rad",
                "pi");

        /** Keywords followed by a parenthesised list of label names. */
        static final Set<String> LABEL_LIST_KEYWORDS =
                Set.of("by", "without", "on", "ignoring", "group_left", "group_right");

        static final Set<String> OPERATOR_KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "atan2");

        /** Grafana's variables ($x, ${x}, ${x:fmt}, [[x]]), replaced before tokenizing. */
        static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+|\\[\\[\\w+]]");

        static final Pattern LABEL_VALUES = Pattern.compile("(?s)^\\s*label_values\\s*\\((.*)\\)\\s*$");
        static final Pattern QUERY_RESULT = Pattern.compile("(?s)^\\s*query_result\\s*\\((.*)\\)\\s*$");

        private PromQl() {}

        /** The metric names of a Grafana variable query ({@code label_values(selector, label)}, {@code query_result(expr)}). */
        static Set<String> grafanaQueryMetricNames(String query) {
            Matcher labelValues = LABEL_VALUES.matcher(query);
            if (labelValues.matches()) {
                String arguments = labelValues.group(1);
                int comma = lastTopLevelComma(arguments);
                return comma < 0 ? Set.of() : metricNames(arguments.substring(0, comma));
            }
            Matcher queryResult = QUERY_RESULT.matcher(query);
            return metricNames(queryResult.matches() ? queryResult.group(1) : query);
        }

        private static int lastTopLevelComma(String text) {
            int depth = 0;
            int last = -1;
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    quoted = !quoted;
                } else if (!quoted && (c == '(' || c == '{' || c == '[')) {
                    depth++;
                } else if (!quoted && (c == ')' || c == '}' || c == ']')) {
                    depth--;
                } else if (!quoted && c == ',' && depth == 0) {
                    last = i;
                }
            }
            return last;
        }

        /** Token kinds: identifier, string, number or duration, punctuation. */
        enum Kind {
            IDENTIFIER,
            STRING,
            NUMBER,
            PUNCTUATION
        }

        record Token(Kind kind, String text) {}

        static Set<String> metricNames(String expression) {
            List<Token> tokens = tokens(GRAFANA_VARIABLE.matcher(expression).replaceAll("5m"));
            Set<String> names = new TreeSet<>();
            int braces = 0;
            int brackets = 0;
            for (int i = 0; i < tokens.size(); i++) {
                Token token = tokens.get(i);
                String text = token.text();
                if (token.kind() == Kind.PUNCTUATION) {
                    switch (text) {
                        case "{" -> braces++;
                        case "}" -> braces--;
                        case "[" -> brackets++;
                        case "]" -> brackets--;
                        default -> {}
                    }
                    continue;
                }
                if (token.kind() != Kind.IDENTIFIER) {
                    continue;
                }
                if (braces > 0) {
                    // A label matcher; {__name__="x"} names a metric.
                    if (text.equals("__name__")
                            && i + 2 < tokens.size()
                            && tokens.get(i + 1).text().equals("=")
                            && tokens.get(i + 2).kind() == Kind.STRING) {
                        names.add(tokens.get(i + 2).text());
                    }
                    continue;
                }
                if (brackets > 0) {
                    continue;
                }
                String lower = text.toLowerCase(Locale.ROOT);
                if (LABEL_LIST_KEYWORDS.contains(lower)) {
                    if (i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(")) {
                        int depth = 0;
                        do {
                            String t = tokens.get(++i).text();
                            depth += t.equals("(") ? 1 : t.equals(")") ? -1 : 0;
                        } while (depth > 0 && i + 1 < tokens.size());
                    }
                    continue;
                }
                boolean call = i + 1 < tokens.size() && tokens.get(i + 1).text().equals("(");
                if (call
                        || FUNCTIONS.contains(text)
                        || OPERATOR_KEYWORDS.contains(lower)
                        || lower.equals("inf")
                        || lower.equals("nan")) {
                    continue;
                }
                names.add(text);
            }
            return names;
        }

        static List<Token> tokens(String text) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '#') {
                    while (i < text.length() && text.charAt(i) != '\n') {
                        i++;
                    }
                } else if (c == '"' || c == '\'' || c == '`') {
                    StringBuilder value = new StringBuilder();
                    i++;
                    while (i < text.length() && text.charAt(i) != c) {
                        if (text.charAt(i) == '\\' && c != '`' && i + 1 < text.length()) {
                            i++;
                        }
                        value.append(text.charAt(i++));
                    }
                    i++;
                    tokens.add(new Token(Kind.STRING, value.toString()));
                } else if (Character.isLetter(c) || c == '_' || c == ':') {
                    int start = i;
                    while (i < text.length()
                            && (Character.isLetterOrDigit(text.charAt(i))
                                    || text.charAt(i) == '_'
                                    || text.charAt(i) == ':')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.IDENTIFIER, text.substring(start, i)));
                } else if (Character.isDigit(c)
                        || (c == '.' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                    int start = i;
                    while (i < text.length()
                            && (Character.isLetterOrDigit(text.charAt(i))
                                    || text.charAt(i) == '.'
                                    || text.charAt(i) == '_')) {
                        i++;
                    }
                    tokens.add(new Token(Kind.NUMBER, text.substring(start, i)));
                } else {
                    tokens.add(new Token(Kind.PUNCTUATION, String.valueOf(c)));
                    i++;
                }
            }
            return tokens;
        }
    }
}
