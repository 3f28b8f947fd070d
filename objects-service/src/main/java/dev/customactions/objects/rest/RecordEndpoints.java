package dev.customactions.objects.rest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.auth.CurrentWorkspace;
import dev.customactions.common.error.ApiException;
import dev.customactions.objects.attribute.CustomAttributeService;
import dev.customactions.objects.attribute.CustomAttributesBody;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * What the contacts and conversations APIs do alike for their kind of record: one by id, one by external id or
 * a page of them all, the runs that wrote one, and setting its custom attributes. Their resources declare the
 * endpoints (paths, parameters, documentation) and answer with these.
 */
public final class RecordEndpoints<E, V> {

    /**
     * A kind of record: its model ({@code contact}), its name in errors, its entity and the fields a query
     * searches, how to read its update time and id, find it in a workspace by id or external id, and show it.
     */
    public record Kind<E, V>(
            String model,
            String name,
            Class<E> entity,
            List<String> searched,
            Function<E, Instant> updatedAt,
            Function<E, String> id,
            BiFunction<String, String, Optional<E>> byId,
            BiFunction<String, String, Optional<E>> byExternalId,
            Function<E, V> view) {}

    private final Kind<E, V> kind;
    private final CurrentWorkspace workspace;
    private final CustomAttributeService attributes;
    private final RecordRuns recordRuns;

    public RecordEndpoints(
            Kind<E, V> kind, CurrentWorkspace workspace, CustomAttributeService attributes, RecordRuns recordRuns) {
        this.kind = kind;
        this.workspace = workspace;
        this.attributes = attributes;
        this.recordRuns = recordRuns;
    }

    /** The record {@code id} of the caller's workspace; 404 if there is none. */
    public V get(String id) {
        return kind.byId()
                .apply(workspace.id(), id)
                .map(kind.view())
                .orElseThrow(() -> ApiException.notFound(kind.name()));
    }

    /** The record of {@code externalId} when one is asked for, otherwise the page of records the listing asks. */
    public Object find(String externalId, String query, String order, Integer perPage, String startingAfter) {
        if (externalId == null) {
            return Listing.of(query, order, perPage, startingAfter)
                    .page(
                            kind.entity(),
                            "workspaceId = :workspace",
                            Map.of("workspace", workspace.id()),
                            kind.searched(),
                            kind.updatedAt(),
                            kind.id(),
                            kind.view());
        }
        if (externalId.isBlank()) {
            throw ApiException.missing("external_id");
        }
        return kind.byExternalId()
                .apply(workspace.id(), externalId)
                .map(kind.view())
                .orElseThrow(() -> ApiException.notFound(kind.name()));
    }

    /** The runs that wrote record {@code id}, newest first; 404 if there is no such record. */
    public Page<RecordRuns.RunWrite> runs(String id, Integer perPage, String startingAfter) {
        get(id);
        return recordRuns.page(workspace.id(), RecordRuns.record(kind.model(), id), perPage, startingAfter);
    }

    /** Sets record {@code id}'s custom attributes from {@code body} and answers the record as it is then. */
    public V update(String id, ObjectNode body) {
        attributes.set(workspace.id(), kind.model(), id, CustomAttributesBody.read(body));
        return get(id);
    }
}
