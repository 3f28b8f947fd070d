package dev.customactions.objects.model;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.time.Instant;
import java.util.List;

/** A typed attribute of a custom object type. */
@Entity
public class CustomObjectAttribute extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public Long typeId;

    public String name;

    public String dataType;

    public String description;

    public boolean archived;

    public Instant createdAt;

    public Instant updatedAt;

    public static List<CustomObjectAttribute> listByType(long typeId) {
        return list("typeId = ?1 order by id", typeId);
    }
}
