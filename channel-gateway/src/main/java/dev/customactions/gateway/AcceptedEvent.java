package dev.customactions.gateway;

import java.io.Serializable;
import java.time.Instant;
import java.util.Optional;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** An event id a workspace used, with the fingerprint of its content and the ids it was answered with. */
@Entity
@IdClass(AcceptedEvent.Key.class)
public class AcceptedEvent extends PanacheEntityBase {

    /** Primary key: workspace and event id. */
    public record Key(String workspaceId, String eventId) implements Serializable {
        public Key() {
            this(null, null);
        }
    }

    @Id
    public String workspaceId;

    @Id
    public String eventId;

    /** SHA-256 of the kind and the canonical JSON of the request. */
    public String fingerprint;

    public String conversationId;

    public String externalConversationId;

    public String contactId;

    public String externalContactId;

    public Instant acceptedAt;

    public static Optional<AcceptedEvent> find(String workspaceId, String eventId) {
        return find("workspaceId = ?1 and eventId = ?2", workspaceId, eventId).firstResultOptional();
    }
}
