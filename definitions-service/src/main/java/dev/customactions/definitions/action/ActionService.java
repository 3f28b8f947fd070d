package dev.customactions.definitions.action;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.ErrorList;
import dev.customactions.common.kafka.Topics;
import dev.customactions.definitions.DefinitionsConfig;
import dev.customactions.definitions.action.client.DataModelClient;
import dev.customactions.definitions.connection.Connection;
import dev.customactions.definitions.event.DefinitionChanged;
import dev.customactions.definitions.outbox.Outbox;
import dev.customactions.definitions.trigger.Trigger;
import dev.customactions.definitions.trigger.TriggerBindings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The admin's lifecycle of an action: created as a draft, published as an immutable numbered
 * version that goes live, edited as a draft while the live version keeps running, withdrawn to
 * draft, restored from an earlier version. What is live is announced on {@code definitions.changes}
 * through the outbox, in the transaction of the change.
 */
@ApplicationScoped
public class ActionService {

    /** An action's published version. */
    public record Version(int version, String name, ActionDefinition definition, Instant publishedAt) {}

    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final DefinitionsConfig config;
    private final DataModelClient dataModel;

    ActionService(Outbox outbox, ObjectMapper mapper, DefinitionsConfig config, DataModelClient dataModel) {
        this.outbox = outbox;
        this.mapper = mapper;
        this.config = config;
        this.dataModel = dataModel;
    }

    public List<Action> list(UUID workspaceId) {
        return Action.listByWorkspace(workspaceId);
    }

    public Action get(UUID workspaceId, UUID id) {
        return Action.findInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("Action"));
    }

    /** The action to change, locked until the transaction ends ({@link Action#lockInWorkspace}). */
    private static Action locked(UUID workspaceId, UUID id) {
        return Action.lockInWorkspace(workspaceId, id).orElseThrow(() -> ApiException.notFound("Action"));
    }

    public ActionDefinition draft(Action action) {
        return read(action.draft);
    }

    /** What runs: the live version's definition, or the draft while the action is not live. */
    public ActionDefinition current(Action action) {
        if (action.liveVersion == null) {
            return draft(action);
        }
        return ActionVersion.find(action.id, action.liveVersion)
                .map(v -> read(v.definition))
                .orElseGet(() -> draft(action));
    }

    @Transactional
    public Action create(UUID workspaceId, ActionRequest request) {
        if (Action.countInWorkspace(workspaceId) >= config.maxActions()) {
            throw ApiException.unprocessable(null, "A workspace has at most " + config.maxActions() + " actions");
        }
        var action = new Action();
        action.id = UUID.randomUUID();
        action.workspaceId = workspaceId;
        action.state = ActionState.DRAFT;
        saveDraft(action, request.name(), request.definition(config.defaultTimeoutMs()));
        action.createdAt = action.updatedAt;
        action.persist();
        return action;
    }

    /** Replaces the draft; a live action keeps running its live version until published again. */
    @Transactional
    public Action update(UUID workspaceId, UUID id, ActionRequest request) {
        Action action = locked(workspaceId, id);
        saveDraft(action, request.name(), request.definition(config.defaultTimeoutMs()));
        return action;
    }

    /** Publishes the draft as the next version and makes it live. */
    @Transactional
    public Version publish(UUID workspaceId, UUID id) {
        Action action = locked(workspaceId, id);
        ActionDefinition definition = draft(action);
        validate(workspaceId, action.name, definition);
        if (action.availableToAgents && !described(definition)) {
            throw ApiException.invalid(
                    "description", "This action is available to agents: its description is what they choose it by");
        }
        refuseBindingsItBreaks(action, definition);
        var version = new ActionVersion();
        version.actionId = action.id;
        version.version = ActionVersion.latest(action.id) + 1;
        version.name = action.name;
        version.definition = action.draft;
        version.publishedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        version.persist();
        action.state = ActionState.LIVE;
        action.liveVersion = version.version;
        action.updatedAt = version.publishedAt;
        var change = DefinitionChanged.action(action, version.version, definition);
        outbox.append(Topics.DEFINITIONS_CHANGES, change.key(), DefinitionChanged.TYPE_CHANGED, change);
        return new Version(version.version, version.name, definition, version.publishedAt);
    }

    /**
     * Makes the live version of an action a tool for AI agents, or not. Only a live action whose live
     * version has a description may be (agents choose tools by their descriptions); the change is
     * published with the live version, so that the tools follow it.
     */
    @Transactional
    public Action agentAccess(UUID workspaceId, UUID id, boolean available) {
        Action action = locked(workspaceId, id);
        if (available && action.state != ActionState.LIVE) {
            throw ApiException.conflict("available", "Publish the action first: agents call its live version");
        }
        if (available && !described(current(action))) {
            throw ApiException.unprocessable(
                    "description",
                    "An action available to agents needs a description in its live version: agents choose tools by it");
        }
        if (action.availableToAgents != available) {
            action.availableToAgents = available;
            action.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            if (action.state == ActionState.LIVE) {
                var change = DefinitionChanged.action(action, action.liveVersion, current(action));
                outbox.append(Topics.DEFINITIONS_CHANGES, change.key(), DefinitionChanged.TYPE_CHANGED, change);
            }
        }
        return action;
    }

    private static boolean described(ActionDefinition definition) {
        return definition.description() != null && !definition.description().isBlank();
    }

    /** Takes the action out of service: back to draft, its versions kept. */
    @Transactional
    public Action withdraw(UUID workspaceId, UUID id) {
        Action action = locked(workspaceId, id);
        refuseWhileTriggered(action, "moved to draft");
        if (action.state == ActionState.LIVE) {
            action.state = ActionState.DRAFT;
            action.liveVersion = null;
            action.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            tombstone(action);
        }
        return action;
    }

    @Transactional
    public void delete(UUID workspaceId, UUID id) {
        Action action = locked(workspaceId, id);
        refuseWhileTriggered(action, "deleted");
        if (action.state == ActionState.LIVE) {
            tombstone(action);
        }
        Trigger.delete("actionId", action.id);
        ActionVersion.delete("actionId", action.id);
        action.delete();
    }

    public List<Version> versions(UUID workspaceId, UUID id) {
        Action action = get(workspaceId, id);
        return ActionVersion.listByAction(action.id).stream()
                .map(v -> new Version(v.version, v.name, read(v.definition), v.publishedAt))
                .toList();
    }

    /** Makes version {@code number} the draft again; publish to make it live. */
    @Transactional
    public Action restore(UUID workspaceId, UUID id, int number) {
        Action action = locked(workspaceId, id);
        ActionVersion version =
                ActionVersion.find(action.id, number).orElseThrow(() -> ApiException.notFound("Version " + number));
        saveDraft(action, version.name, read(version.definition));
        return action;
    }

    private void saveDraft(Action action, String name, ActionDefinition definition) {
        validate(action.workspaceId, name, definition);
        if (Action.nameTaken(action.workspaceId, name, action.id)) {
            throw ApiException.nameTaken("name", "An action", name);
        }
        action.name = name.trim();
        action.draft = write(definition);
        action.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private void validate(UUID workspaceId, String name, ActionDefinition definition) {
        var limits = new ActionValidator.Limits(
                config.maxInputs(), config.maxOutputs(), config.maxTimeoutMs(), config.allowHttp());
        var errors = ActionValidator.check(name, definition, limits, connectionId -> Connection.lockInWorkspace(
                        workspaceId, connectionId, LockModeType.PESSIMISTIC_READ)
                .map(Connection::allowedHostList));
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        if (config.checkDataModel()) {
            checkTargets(definition);
        }
    }

    /** Every mapped attribute must exist in the objects service's data model (archived ones don't count). */
    private void checkTargets(ActionDefinition definition) {
        var errors = new ArrayList<ErrorList.Error>();
        var attributesByModel = new HashMap<String, Map<String, Boolean>>();
        try {
            for (int i = 0; i < definition.objectMappings().size(); i++) {
                ActionDefinition.ObjectMapping mapping =
                        definition.objectMappings().get(i);
                String at = "object_mappings[" + i + "]";
                if ("custom_object".equals(mapping.target())) {
                    var type = dataModel.objectType(mapping.objectType());
                    if (type.isEmpty()) {
                        errors.add(
                                ErrorList.Error.invalid(
                                        at + ".object_type",
                                        "No custom object type '" + mapping.objectType()
                                                + "' in the data model (create it with POST /custom_object_types on the objects service)"));
                        continue;
                    }
                    mapping.attributes().keySet().stream()
                            .filter(name -> !type.get().contains(name))
                            .sorted()
                            .forEach(name -> errors.add(ErrorList.Error.invalid(
                                    at + ".attributes." + name,
                                    "The type '" + mapping.objectType() + "' has no attribute '" + name + "'")));
                } else {
                    var known = attributesByModel.computeIfAbsent(mapping.target(), dataModel::attributes);
                    mapping.attributes().keySet().stream().sorted().forEach(name -> {
                        if (!known.containsKey(name)) {
                            errors.add(ErrorList.Error.invalid(
                                    at + ".attributes." + name,
                                    "No custom " + mapping.target()
                                            + " attribute '" + name
                                            + "' in the data model (define it with POST /data_attributes "
                                            + "on the objects service)"));
                        } else if (!known.get(name)) {
                            errors.add(ErrorList.Error.invalid(
                                    at + ".attributes." + name,
                                    "'" + name + "' is protected " + "(not action-writable): actions can't set it"));
                        }
                    });
                }
            }
        } catch (WebApplicationException e) {
            throw new ApiException(
                    503,
                    ErrorCodes.SERVICE_UNAVAILABLE,
                    "The objects service refused to show its data model ("
                            + e.getResponse().getStatus() + "); mappings can't be checked",
                    "object_mappings");
        } catch (RuntimeException e) {
            throw new ApiException(
                    503,
                    ErrorCodes.SERVICE_UNAVAILABLE,
                    "The objects service can't be reached to check the mappings; retry shortly",
                    "object_mappings");
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
    }

    /**
     * Refuses to publish {@code definition} while an enabled trigger binds {@code action}'s inputs in a way it
     * refuses (an input renamed, retyped or made required): every run of that trigger would fail. A trigger's
     * bindings are checked against the live version when saved, so the way through is to disable it, publish,
     * and then bind the new inputs.
     */
    private void refuseBindingsItBreaks(Action action, ActionDefinition definition) {
        var messages = new ArrayList<String>();
        for (Trigger trigger : Trigger.enabledForAction(action.id)) {
            var errors = new ArrayList<ErrorList.Error>();
            TriggerBindings.check(definition, TriggerBindings.of(trigger, mapper), errors);
            for (ErrorList.Error error : errors) {
                messages.add("Live trigger '" + trigger.name + "' (" + trigger.id + ") can't run this draft ("
                        + error.field() + "): " + error.message()
                        + "; change the draft, or disable the trigger, publish, then bind the new inputs");
            }
        }
        if (!messages.isEmpty()) {
            throw ApiException.dependents("triggers", messages);
        }
    }

    /** As Intercom does: an action that live triggers depend on can't go; the answer lists them. */
    private static void refuseWhileTriggered(Action action, String what) {
        List<Trigger> dependents = Trigger.enabledForAction(action.id);
        if (!dependents.isEmpty()) {
            throw ApiException.dependents(
                    "triggers",
                    dependents.stream()
                            .map(trigger -> "Action '" + action.name + "' can't be " + what + ": live trigger '"
                                    + trigger.name + "' (" + trigger.id + ") runs it; disable or delete it first")
                            .toList());
        }
    }

    private void tombstone(Action action) {
        outbox.append(
                Topics.DEFINITIONS_CHANGES,
                DefinitionChanged.key(action.workspaceId, DefinitionChanged.ACTION, action.id),
                DefinitionChanged.TYPE_DELETED,
                null);
    }

    private String write(ActionDefinition definition) {
        try {
            return mapper.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ActionDefinition read(String json) {
        try {
            return mapper.readValue(json, ActionDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable action definition", e);
        }
    }
}
