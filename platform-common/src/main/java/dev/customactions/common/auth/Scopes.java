package dev.customactions.common.auth;

import java.util.Set;

/**
 * What a token may do. Each scope is a role of the caller's identity; {@link #ADMIN} grants every
 * other scope of its workspace too.
 */
public final class Scopes {

    /** Manage the workspace: tokens, connections, actions, triggers. Implies every other scope. */
    public static final String ADMIN = "admin";
    /** Post custom-channel events to the gateway. */
    public static final String CHANNEL_EVENTS = "channel_events";
    /** Read contacts, conversations, custom objects and runs. */
    public static final String OBJECTS_READ = "objects_read";
    /** Write contacts, conversations, custom objects and the data model. */
    public static final String OBJECTS_WRITE = "objects_write";
    /**
     * Call the workspace's live actions made available to AI agents, as tools of its MCP server
     * ({@code tools/list}, {@code tools/call}); nothing else.
     */
    public static final String AGENT = "agent";

    /**
     * Run the platform: its figures across every workspace (the console's operations page). Not implied
     * by {@link #ADMIN}: only a token that has it grants it (the bootstrap token has it).
     */
    public static final String OPERATOR = "operator";

    /** The scopes of a workspace's own work, all implied by {@link #ADMIN}. */
    public static final Set<String> WORKSPACE = Set.of(ADMIN, CHANNEL_EVENTS, OBJECTS_READ, OBJECTS_WRITE, AGENT);

    /** Every scope a token can carry. */
    public static final Set<String> ALL = Set.of(ADMIN, CHANNEL_EVENTS, OBJECTS_READ, OBJECTS_WRITE, AGENT, OPERATOR);

    private Scopes() {}

    /** The roles a token with {@code scopes} acts with: admin implies the workspace's scopes, not operator. */
    public static Set<String> roles(Set<String> scopes) {
        if (!scopes.contains(ADMIN)) {
            return Set.copyOf(scopes);
        }
        var roles = new java.util.HashSet<>(WORKSPACE);
        roles.addAll(scopes);
        return Set.copyOf(roles);
    }
}
