package dev.customactions.objects.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.kafka.TopicReader;
import dev.customactions.common.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the workspaces' live actions write, held in memory from the compacted topic {@code definitions.changes}
 * (the definitions service owns the actions; a live action's record carries its whole definition). A data
 * attribute, an object type or a type's attribute that a live action's mapping writes can't be archived: its
 * writes would be refused from then on. The reverse, publishing an action that writes an archived attribute, is
 * refused by the definitions service, which reads the data model here when it publishes.
 */
@ApplicationScoped
public class LiveMappings {

    /** How long a check waits for the topic to be read once after start before answering 503. */
    private static final Duration LOAD_WAIT = Duration.ofSeconds(10);

    /** A live action that writes something: its id and name. */
    public record Writer(String id, String name) {}

    /** One of a live action's mappings: the target, the object type (custom objects), the attributes it writes. */
    private record Target(String target, String objectType, Set<String> attributes) {}

    private record LiveAction(String workspaceId, Writer writer, List<Target> targets) {}

    private final ObjectMapper mapper;
    private final TopicReader reader;
    private final Map<String, LiveAction> actions = new ConcurrentHashMap<>();

    LiveMappings(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper mapper) {
        this.mapper = mapper;
        this.reader = new TopicReader(Topics.DEFINITIONS_CHANGES, kafka, this::apply);
    }

    void onStart(@Observes StartupEvent event) {
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        reader.stop();
    }

    /**
     * The live actions that write the contact's or conversation's data attribute {@code name}. {@code check}:
     * for a decision, waits for the topic to be read once after start (503 after 10 s); else (a view) answers
     * with what is known.
     */
    public List<Writer> ofDataAttribute(String workspaceId, String model, String name, boolean check) {
        return writers(
                workspaceId, t -> t.target().equals(model) && t.attributes().contains(lower(name)), check);
    }

    /** The live actions that write instances of {@code objectType}; {@code check} as above. */
    public List<Writer> ofObjectType(String workspaceId, String objectType, boolean check) {
        return writers(workspaceId, t -> isType(t, objectType), check);
    }

    /** The live actions that write {@code objectType}'s attribute {@code name}; {@code check} as above. */
    public List<Writer> ofObjectAttribute(String workspaceId, String objectType, String name, boolean check) {
        return writers(workspaceId, t -> isType(t, objectType) && t.attributes().contains(lower(name)), check);
    }

    /**
     * 409 naming each writer when there are any: "{what} can't be archived: live action 'Get order' writes it";
     * {@code field} is where each error points ({@code actions[i]}).
     */
    public static void refuseArchiving(String what, List<Writer> writers) {
        if (!writers.isEmpty()) {
            throw ApiException.dependents(
                    "actions",
                    writers.stream()
                            .map(writer -> what + " can't be archived: live action '" + writer.name()
                                    + "' writes it; change the action's mapping or move it to draft first")
                            .toList());
        }
    }

    private List<Writer> writers(String workspaceId, Predicate<Target> writes, boolean check) {
        if (check && !reader.awaitLoaded(LOAD_WAIT)) {
            throw new ApiException(
                    503,
                    ErrorCodes.SERVICE_UNAVAILABLE,
                    "The live actions' mappings are not read yet (Kafka unavailable?); try again shortly",
                    null);
        }
        return actions.values().stream()
                .filter(action -> action.workspaceId().equals(workspaceId))
                .filter(action -> action.targets().stream().anyMatch(writes))
                .map(LiveAction::writer)
                .sorted(Comparator.comparing(writer -> lower(writer.name())))
                .toList();
    }

    private static boolean isType(Target target, String objectType) {
        return target.target().equals("custom_object") && objectType.equals(target.objectType());
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A record of {@code definitions.changes}: key {@code workspace_id:kind:id}; actions only, the rest skipped. */
    private void apply(ConsumerRecord<String, String> record) {
        String[] key = record.key() == null ? new String[0] : record.key().split(":", 3);
        if (key.length != 3) {
            throw new IllegalArgumentException("key is not workspace_id:kind:id");
        }
        if (!key[1].equals("action")) {
            return;
        }
        if (record.value() == null) {
            actions.remove(key[2]);
            return;
        }
        JsonNode action;
        try {
            action = mapper.readTree(record.value()).path("definition");
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        var targets = new ArrayList<Target>();
        for (JsonNode mapping : action.path("definition").path("object_mappings")) {
            var attributes = new ArrayList<String>();
            mapping.path("attributes").fieldNames().forEachRemaining(attributes::add);
            targets.add(new Target(
                    mapping.path("target").asText(),
                    mapping.path("object_type").asText(null),
                    attributes.stream().map(LiveMappings::lower).collect(Collectors.toUnmodifiableSet())));
        }
        actions.put(
                key[2],
                new LiveAction(key[0], new Writer(key[2], action.path("name").asText()), List.copyOf(targets)));
    }
}
