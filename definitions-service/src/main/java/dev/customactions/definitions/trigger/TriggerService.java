package dev.customactions.definitions.trigger;

import static dev.customactions.common.error.ErrorList.Error.invalid;
import static dev.customactions.common.error.ErrorList.Error.missing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import dev.customactions.common.kafka.Topics;
import dev.customactions.definitions.action.Action;
import dev.customactions.definitions.action.ActionService;
import dev.customactions.definitions.action.ActionState;
import dev.customactions.definitions.event.DefinitionChanged;
import dev.customactions.definitions.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Binds actions to channel events. A trigger is live while it is enabled and its action is live;
 * its live state is announced on {@code definitions.changes} (a tombstone when it stops being live).
 * Input bindings are checked against the action's inputs when the trigger is saved.
 */
@ApplicationScoped
public class TriggerService {

    public static final Set<String> EVENT_KINDS =
            Set.of("new_conversation", "new_message", "quick_reply_selected", "attribute_collected");
    /** Values a binding may name besides the action's context values. */
    private final ActionService actions;

    private final Outbox outbox;
    private final ObjectMapper mapper;

    TriggerService(ActionService actions, Outbox outbox, ObjectMapper mapper) {
        this.actions = actions;
        this.outbox = outbox;
        this.mapper = mapper;
    }

    public List<Trigger> list(UUID workspaceId) {
        return Trigger.listByWorkspace(workspaceId);
    }

    public Trigger get(UUID workspaceId, UUID id) {
        return Trigger.findInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("Trigger"));
    }

    public TriggerCondition condition(Trigger trigger) {
        return trigger.condition == null ? null : read(trigger.condition, new TypeReference<>() {});
    }

    public Map<String, JsonNode> bindings(Trigger trigger) {
        return TriggerBindings.of(trigger, mapper);
    }

    @Transactional
    public Trigger create(UUID workspaceId, TriggerRequest request) {
        var trigger = new Trigger();
        trigger.id = UUID.randomUUID();
        trigger.workspaceId = workspaceId;
        apply(trigger, request);
        trigger.createdAt = trigger.updatedAt;
        trigger.persist();
        publish(trigger);
        return trigger;
    }

    @Transactional
    public Trigger update(UUID workspaceId, UUID id, TriggerRequest request) {
        // The action first, then the trigger: the order in which deleting the action takes them.
        if (request.actionId() != null) {
            Action.lockInWorkspace(workspaceId, request.actionId());
        }
        Trigger trigger = Trigger.lockInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("Trigger"));
        apply(trigger, request);
        publish(trigger);
        return trigger;
    }

    @Transactional
    public void delete(UUID workspaceId, UUID id) {
        // Locked, as a change is: its tombstone follows an update made at once, in the order they commit.
        Trigger trigger = Trigger.lockInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("Trigger"));
        trigger.delete();
        tombstone(trigger);
    }

    private void apply(Trigger trigger, TriggerRequest request) {
        var errors = new ArrayList<ErrorList.Error>();
        if (request.name() == null || request.name().isBlank()) {
            errors.add(missing("name"));
        }
        Action action = null;
        if (request.actionId() == null) {
            errors.add(missing("action_id"));
        } else {
            // Locked: the action can't go back to draft or be deleted while an enabled trigger is saved on it.
            action = Action.lockInWorkspace(trigger.workspaceId, request.actionId())
                    .orElse(null);
            if (action == null) {
                errors.add(invalid("action_id", "No action " + request.actionId() + " in this workspace"));
            }
        }
        Set<String> kinds = new LinkedHashSet<>();
        if (request.eventKinds() == null || request.eventKinds().isEmpty()) {
            errors.add(missing("event_kinds"));
        } else {
            for (int i = 0; i < request.eventKinds().size(); i++) {
                String kind = request.eventKinds().get(i);
                if (!EVENT_KINDS.contains(kind)) {
                    errors.add(invalid("event_kinds[" + i + "]", "event kinds are " + new TreeSet<>(EVENT_KINDS)));
                } else {
                    kinds.add(kind);
                }
            }
        }
        checkCondition(request.condition(), kinds, errors);
        Map<String, JsonNode> bindings = request.inputBindings() == null ? Map.of() : request.inputBindings();
        if (action != null) {
            TriggerBindings.check(actions.current(action), bindings, errors);
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        boolean enabled = request.enabled() == null || request.enabled();
        if (enabled && action.state != ActionState.LIVE) {
            throw ApiException.conflict(
                    "enabled", "Action '" + action.name + "' is a draft: publish it before enabling a trigger on it");
        }
        trigger.name = request.name().trim();
        trigger.actionId = action.id;
        trigger.eventKinds = String.join(",", kinds);
        trigger.condition = request.condition() == null ? null : write(request.condition());
        trigger.inputBindings = write(new LinkedHashMap<>(bindings));
        trigger.enabled = enabled;
        trigger.version++;
        trigger.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static void checkCondition(TriggerCondition condition, Set<String> kinds, List<ErrorList.Error> errors) {
        if (condition == null) {
            return;
        }
        if (condition.type() == null || !TriggerCondition.TYPES.contains(condition.type())) {
            errors.add(invalid("condition.type", "condition.type is one of " + new TreeSet<>(TriggerCondition.TYPES)));
            return;
        }
        if (condition.value() == null || condition.value().isEmpty()) {
            errors.add(missing("condition.value"));
            return;
        }
        String needs =
                switch (condition.type()) {
                    case "body_contains", "body_matches" -> "new_message";
                    case "quick_reply_equals" -> "quick_reply_selected";
                    case "attribute_id_equals" -> "attribute_collected";
                    default -> null;
                };
        if (needs != null && !kinds.isEmpty() && !kinds.contains(needs)) {
            errors.add(invalid("condition.type", condition.type() + " only applies to " + needs + " events"));
        }
        if (condition.type().equals("body_matches")) {
            if (condition.value().length() > 500) {
                errors.add(invalid("condition.value", "A pattern is at most 500 characters"));
            } else {
                try {
                    Pattern.compile(condition.value());
                } catch (PatternSyntaxException e) {
                    errors.add(invalid("condition.value", "Not a regular expression: " + e.getDescription()));
                }
            }
        }
        if (condition.type().equals("contact_type_equals")
                && !Set.of("user", "lead").contains(condition.value())) {
            errors.add(invalid("condition.value", "contact_type_equals takes user or lead"));
        }
    }

    private void publish(Trigger trigger) {
        Action action = Action.findById(trigger.actionId);
        if (trigger.enabled && action != null && action.state == ActionState.LIVE) {
            var change = DefinitionChanged.trigger(trigger, condition(trigger), bindings(trigger));
            outbox.append(Topics.DEFINITIONS_CHANGES, change.key(), DefinitionChanged.TYPE_CHANGED, change);
        } else {
            tombstone(trigger);
        }
    }

    private void tombstone(Trigger trigger) {
        outbox.append(
                Topics.DEFINITIONS_CHANGES,
                DefinitionChanged.key(trigger.workspaceId, DefinitionChanged.TRIGGER, trigger.id),
                DefinitionChanged.TYPE_DELETED,
                null);
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable trigger", e);
        }
    }
}
