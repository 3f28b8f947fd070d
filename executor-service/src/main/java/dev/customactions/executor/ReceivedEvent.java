package dev.customactions.executor;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** A channel event the executor took in, with how many live triggers it matched. */
@Entity
public class ReceivedEvent extends PanacheEntityBase {

    /** The record's CloudEvents id. */
    @Id
    public String eventId;

    public String workspaceId;

    public String kind;

    public String conversationId;

    /** The event id the external platform gave. */
    public String sourceEventId;

    public Instant receivedAt;

    public int matchedTriggers;
}
