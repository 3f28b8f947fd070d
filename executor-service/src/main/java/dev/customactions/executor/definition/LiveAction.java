package dev.customactions.executor.definition;

import dev.customactions.action.ActionDefinition;

/**
 * A live action as the cache holds it: the version that runs, its definition, and whether an admin
 * made it available to AI agents (a tool of the MCP server).
 */
public record LiveAction(
        String workspaceId, String id, String name, int version, ActionDefinition spec, boolean availableToAgents) {}
