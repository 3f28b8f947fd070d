package dev.customactions.definitions.quota;

import dev.customactions.common.kafka.Topics;
import dev.customactions.common.quota.QuotaChanged;
import dev.customactions.common.quota.QuotaConfig;
import dev.customactions.definitions.outbox.Outbox;
import dev.customactions.definitions.workspace.Workspace;
import dev.customactions.definitions.workspace.WorkspaceService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Each workspace's request rate limit on the gateway's and the objects service's public APIs: the configured
 * one ({@link QuotaConfig}), or one a platform operator set. A change is announced on {@code auth.tokens}
 * through the outbox, in the same transaction, and every service's token registry follows it.
 */
@ApplicationScoped
public class QuotaService {

    /** A workspace's limit: its own when {@code own} is not null, else the configured one. */
    public record Quota(Workspace workspace, int configured, WorkspaceQuota own) {

        public int requestsPerMinute() {
            return own == null ? configured : own.requestsPerMinute;
        }
    }

    private final QuotaConfig config;
    private final WorkspaceService workspaces;
    private final Outbox outbox;

    QuotaService(QuotaConfig config, WorkspaceService workspaces, Outbox outbox) {
        this.config = config;
        this.workspaces = workspaces;
        this.outbox = outbox;
    }

    /** Every workspace's limit, by name; {@code name} (any case, a part of it) narrows them. */
    public List<Quota> list(String name) {
        List<Workspace> matching = name == null
                ? Workspace.list("order by lower(name), id")
                : Workspace.list("locate(?1, lower(name)) > 0 order by lower(name), id", name.toLowerCase(Locale.ROOT));
        Map<UUID, WorkspaceQuota> own = WorkspaceQuota.<WorkspaceQuota>listAll().stream()
                .collect(Collectors.toMap(quota -> quota.workspaceId, Function.identity()));
        return matching.stream()
                .map(workspace -> quota(workspace, own.get(workspace.id)))
                .toList();
    }

    /** The limit of workspace {@code id}; 404 when it does not exist. */
    public Quota get(UUID id) {
        return quota(workspaces.get(id), WorkspaceQuota.findById(id));
    }

    /** Gives workspace {@code id} a limit of its own, set by the token {@code by}. */
    @Transactional
    public Quota set(UUID id, int requestsPerMinute, String by) {
        Workspace workspace = workspaces.lock(id);
        WorkspaceQuota own = WorkspaceQuota.findById(id);
        if (own == null) {
            own = new WorkspaceQuota();
            own.workspaceId = id;
        }
        own.requestsPerMinute = requestsPerMinute;
        own.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        own.updatedBy = by;
        own.persist();
        outbox.append(
                Topics.AUTH_TOKENS,
                QuotaChanged.key(id.toString()),
                QuotaChanged.TYPE_SET,
                new QuotaChanged(id.toString(), requestsPerMinute, own.updatedAt));
        return quota(workspace, own);
    }

    /** Puts workspace {@code id} back on the configured limit. */
    @Transactional
    public Quota reset(UUID id) {
        Workspace workspace = workspaces.lock(id);
        if (WorkspaceQuota.deleteById(id)) {
            outbox.append(Topics.AUTH_TOKENS, QuotaChanged.key(id.toString()), QuotaChanged.TYPE_RESET, null);
        }
        return quota(workspace, null);
    }

    private Quota quota(Workspace workspace, WorkspaceQuota own) {
        return new Quota(workspace, config.configured(workspace.id.toString()), own);
    }
}
