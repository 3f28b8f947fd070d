package dev.customactions.objects.instance.rest;

import dev.customactions.objects.instance.CustomObjectInstance;
import dev.customactions.objects.instance.CustomObjectReference;
import java.util.List;

/**
 * The custom object instances that reference a contact or conversation, shown with it as
 * Intercom shows a contact's companies or tags: the first ones and the count; the full list is
 * {@code GET /custom_object_instances/{type}?references_contact_id=} (or {@code _conversation_id}).
 */
public record ReferencedInstances(String type, List<Item> data, long totalCount, boolean hasMore) {

    /** How many are shown with the contact or conversation. */
    public static final int SHOWN = 10;

    /** One referencing instance. */
    public record Item(String type, String id, String externalId) {}

    /** The instances referencing {@code target} {@code targetId}. */
    public static ReferencedInstances of(String workspaceId, String target, String targetId) {
        long total = CustomObjectReference.countToTarget(workspaceId, target, targetId);
        List<Item> items = total == 0
                ? List.of()
                : CustomObjectInstance.referencingAnyType(workspaceId, target, targetId, SHOWN).stream()
                        .map(instance -> new Item(instance.type, instance.id, instance.externalId))
                        .toList();
        return new ReferencedInstances("list", items, total, total > items.size());
    }
}
