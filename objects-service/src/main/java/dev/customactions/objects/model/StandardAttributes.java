package dev.customactions.objects.model;

import java.util.Locale;
import java.util.Set;

/**
 * Names a custom attribute can't take: the standard attributes of contacts, conversations and
 * custom object instances (and their near relatives in Intercom's models). Actions never write
 * them; they are compared without case.
 */
public final class StandardAttributes {

    private static final Set<String> COMMON =
            Set.of("id", "type", "external_id", "workspace_id", "created_at", "updated_at", "custom_attributes");

    private static final Set<String> CONTACT = Set.of(
            "email",
            "name",
            "role",
            "phone",
            "avatar",
            "owner_id",
            "signed_up_at",
            "last_seen_at",
            "last_replied_at",
            "last_contacted_at",
            "last_email_opened_at",
            "last_email_clicked_at",
            "language_override",
            "browser",
            "browser_version",
            "browser_language",
            "os",
            "location",
            "unsubscribed_from_emails",
            "marked_email_as_spam",
            "has_hard_bounced",
            "tags",
            "notes",
            "companies",
            "social_profiles",
            "user_id",
            "custom_object_instances");

    private static final Set<String> CONVERSATION = Set.of(
            "contact_id",
            "contacts",
            "last_activity_at",
            "state",
            "open",
            "read",
            "priority",
            "title",
            "source",
            "admin_assignee_id",
            "team_assignee_id",
            "tags",
            "waiting_since",
            "snoozed_until",
            "custom_object_instances");

    private static final Set<String> INSTANCE = Set.of("external_created_at", "external_updated_at", "references");

    private StandardAttributes() {}

    /** Whether {@code name} is a standard attribute of {@code model} ({@code contact} or {@code conversation}). */
    public static boolean ofModel(String model, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return COMMON.contains(lower) || ("contact".equals(model) ? CONTACT : CONVERSATION).contains(lower);
    }

    /** Whether {@code name} is a standard attribute of a custom object instance. */
    public static boolean ofInstance(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return COMMON.contains(lower) || INSTANCE.contains(lower);
    }
}
