package dev.customactions.executor.definition;

import dev.customactions.action.ActionDefinition;

/** A live action as the cache holds it: the version that runs and its definition. */
public record LiveAction(String workspaceId, String id, String name, int version, ActionDefinition spec) {}
