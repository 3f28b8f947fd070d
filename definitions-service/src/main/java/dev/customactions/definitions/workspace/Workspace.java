package dev.customactions.definitions.workspace;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;

/** A workspace: the unit of isolation. Every token, action and record belongs to exactly one. */
@Entity
public class Workspace extends PanacheEntityBase {

    @Id
    public UUID id;

    @NotBlank
    @Size(max = 200)
    public String name;

    public Instant createdAt;
}
