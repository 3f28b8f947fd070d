package dev.customactions.objects.model;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.hibernate.Session;

/**
 * The data model of a workspace as a whole: its snapshot, as {@link AttributeCheck} reads it, and
 * the lock that serialises its changes. {@link DataAttributes} and {@link ObjectTypes} change it.
 */
@ApplicationScoped
public class DataModelService {

    private final EntityManager entityManager;

    DataModelService(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** The data model of {@code workspaceId} as this transaction sees it. */
    public DataModel snapshot(String workspaceId) {
        return entityManager
                .unwrap(Session.class)
                .doReturningWork(connection -> DataModel.load(connection, List.of(workspaceId)));
    }

    /**
     * Serialises creations of one workspace, so that names stay unique and limits hold under
     * concurrency; held until the caller's transaction ends.
     */
    void lockWorkspace(String workspaceId) {
        entityManager
                .createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "data-model:" + workspaceId)
                .getSingleResult();
    }

    /** The time a change of the data model is recorded at, in the database's precision. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
