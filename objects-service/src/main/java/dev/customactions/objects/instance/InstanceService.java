package dev.customactions.objects.instance;

import static dev.customactions.common.error.ErrorList.Error.invalid;
import static dev.customactions.common.error.ErrorList.Error.missing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.action.ActionDefinition;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import dev.customactions.objects.ObjectsConfig;
import dev.customactions.objects.contact.Contact;
import dev.customactions.objects.conversation.Conversation;
import dev.customactions.objects.model.AttributeCheck;
import dev.customactions.objects.model.DataModel;
import dev.customactions.objects.rest.Listing;
import dev.customactions.objects.rest.Page;
import dev.customactions.objects.write.BatchWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.Session;

/**
 * Custom object instances through the API: upsert by external id (concurrent upserts of one
 * external id meet on a unique key, so exactly one instance results), reads, deletes and listings
 * by reference. Every write is checked against the instance's type first.
 */
@ApplicationScoped
public class InstanceService {

    /** Body of {@code POST /custom_object_instances/{type}} (Intercom's, plus {@code references}). */
    public record InstanceRequest(
            String externalId,
            Long externalCreatedAt,
            Long externalUpdatedAt,
            Map<String, JsonNode> customAttributes,
            List<ReferenceRequest> references) {}

    /** A contact or conversation an instance links to: {@code {"type": "contact", "id": "..."}}. */
    public record ReferenceRequest(String type, String id) {}

    /** An instance with its references. */
    public record InstanceWithReferences(CustomObjectInstance instance, List<CustomObjectReference> references) {}

    private static final int MAX_REFERENCES = 100;

    private final EntityManager entityManager;
    private final ObjectsConfig config;
    private final ObjectMapper mapper;

    InstanceService(EntityManager entityManager, ObjectsConfig config, ObjectMapper mapper) {
        this.entityManager = entityManager;
        this.config = config;
        this.mapper = mapper;
    }

    @Transactional
    public InstanceWithReferences upsert(String workspaceId, String type, InstanceRequest request) {
        DataModel.ObjectType objectType = writableType(workspaceId, type);
        var errors = new ArrayList<ErrorList.Error>();
        if (request.externalId() == null || request.externalId().isBlank()) {
            errors.add(missing("external_id"));
        } else if (request.externalId().length() > ActionDefinition.MAX_EXTERNAL_ID_LENGTH) {
            errors.add(invalid(
                    "external_id",
                    "external_id must be at most " + ActionDefinition.MAX_EXTERNAL_ID_LENGTH + " characters"));
        }
        if (request.externalCreatedAt() != null && request.externalCreatedAt() < 0) {
            errors.add(invalid("external_created_at", "external_created_at must be Unix seconds"));
        }
        if (request.externalUpdatedAt() != null && request.externalUpdatedAt() < 0) {
            errors.add(invalid("external_updated_at", "external_updated_at must be Unix seconds"));
        }
        Map<String, JsonNode> attributes = request.customAttributes() == null ? Map.of() : request.customAttributes();
        AttributeCheck.ofInstance(objectType, attributes, "custom_attributes", config.maxStringLength()).stream()
                .map(AttributeCheck.Problem::toError)
                .forEach(errors::add);
        var references = references(workspaceId, request.references(), errors);
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String json = json(attributes);
        String id = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            var upserted = BatchWrites.upsertInstances(
                            connection,
                            List.of(new BatchWrites.InstanceUpsert(
                                    workspaceId,
                                    objectType.identifier(),
                                    request.externalId(),
                                    request.externalCreatedAt(),
                                    request.externalUpdatedAt(),
                                    json)),
                            now)
                    .get(0);
            if (upserted.inserted()) {
                long total = BatchWrites.addUsage(connection, Map.of(workspaceId, 1L))
                        .get(workspaceId);
                if (total > config.maxInstancesPerWorkspace()) {
                    throw ApiException.unprocessable(
                            "external_id",
                            "A workspace has at most " + config.maxInstancesPerWorkspace()
                                    + " custom object instances");
                }
            }
            BatchWrites.addReferences(
                    connection,
                    references.stream()
                            .map(r -> new BatchWrites.Reference(upserted.id(), workspaceId, r.type(), r.id()))
                            .toList(),
                    now);
            return upserted.id();
        });
        entityManager.clear();
        return get(workspaceId, type, id);
    }

    public InstanceWithReferences get(String workspaceId, String type, String id) {
        return withReferences(CustomObjectInstance.findById(workspaceId, type, id)
                .orElseThrow(() -> ApiException.notFound("Custom object instance")));
    }

    public InstanceWithReferences getByExternalId(String workspaceId, String type, String externalId) {
        return withReferences(CustomObjectInstance.findByExternalId(workspaceId, type, externalId)
                .orElseThrow(() -> ApiException.notFound("Custom object instance")));
    }

    /** Deletes an instance and its references; answers its id. */
    @Transactional
    public String delete(String workspaceId, String type, String id, String externalId) {
        var instance = (id != null
                        ? CustomObjectInstance.findById(workspaceId, type, id)
                        : CustomObjectInstance.findByExternalId(workspaceId, type, externalId))
                .orElseThrow(() -> ApiException.notFound("Custom object instance"));
        int deleted = entityManager
                .createNativeQuery("DELETE FROM custom_object_instance WHERE id = ?1")
                .setParameter(1, instance.id)
                .executeUpdate();
        if (deleted == 1) {
            entityManager
                    .unwrap(Session.class)
                    .doWork(connection -> BatchWrites.addUsage(connection, Map.of(workspaceId, -1L)));
        }
        return instance.id;
    }

    /** A page of the instances of {@code type} (404 for a type that isn't defined), as {@code listing} asks. */
    public Page<InstanceWithReferences> list(String workspaceId, String type, Listing listing) {
        DataModel model = entityManager
                .unwrap(Session.class)
                .doReturningWork(connection -> DataModel.load(connection, List.of(workspaceId)));
        if (model.type(workspaceId, type).isEmpty()) {
            throw ApiException.notFound("Custom object type");
        }
        return listing.page(
                CustomObjectInstance.class,
                "workspaceId = :workspace and type = :type",
                Map.of("workspace", workspaceId, "type", type),
                CustomObjectInstance.SEARCHED,
                instance -> instance.updatedAt,
                instance -> instance.id,
                this::withReferences);
    }

    /** A page of the instances of {@code type} that reference {@code target} {@code targetId}. */
    public List<InstanceWithReferences> referencing(
            String workspaceId, String type, String target, String targetId, String startingAfter, int limit) {
        return CustomObjectInstance.referencing(workspaceId, type, target, targetId, startingAfter, limit).stream()
                .map(this::withReferences)
                .toList();
    }

    public long countReferencing(String workspaceId, String type, String target, String targetId) {
        return CustomObjectInstance.countReferencing(workspaceId, type, target, targetId);
    }

    /** The type of {@code identifier}, or 404; an archived type takes no writes (422). */
    private DataModel.ObjectType writableType(String workspaceId, String identifier) {
        DataModel model = entityManager
                .unwrap(Session.class)
                .doReturningWork(connection -> DataModel.load(connection, List.of(workspaceId)));
        DataModel.ObjectType type =
                model.type(workspaceId, identifier).orElseThrow(() -> ApiException.notFound("Custom object type"));
        if (type.archived()) {
            throw ApiException.unprocessable("type", "Custom object type " + identifier + " is archived");
        }
        return type;
    }

    private List<ReferenceRequest> references(
            String workspaceId, List<ReferenceRequest> requested, List<ErrorList.Error> errors) {
        if (requested == null) {
            return List.of();
        }
        if (requested.size() > MAX_REFERENCES) {
            errors.add(invalid("references", "at most " + MAX_REFERENCES + " references"));
            return List.of();
        }
        Set<ReferenceRequest> references = new LinkedHashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            ReferenceRequest reference = requested.get(i);
            String at = "references[" + i + "]";
            if (reference == null || reference.type() == null) {
                errors.add(missing(at + ".type"));
            } else if (reference.id() == null || reference.id().isBlank()) {
                errors.add(missing(at + ".id"));
            } else if (reference.type().equals("contact")) {
                if (Contact.findInWorkspace(workspaceId, reference.id()).isEmpty()) {
                    errors.add(invalid(at + ".id", "No contact " + reference.id()));
                }
                references.add(reference);
            } else if (reference.type().equals("conversation")) {
                if (Conversation.findInWorkspace(workspaceId, reference.id()).isEmpty()) {
                    errors.add(invalid(at + ".id", "No conversation " + reference.id()));
                }
                references.add(reference);
            } else {
                errors.add(invalid(at + ".type", "type must be contact or conversation"));
            }
        }
        return List.copyOf(references);
    }

    private InstanceWithReferences withReferences(CustomObjectInstance instance) {
        return new InstanceWithReferences(instance, CustomObjectReference.ofInstance(instance.id));
    }

    private String json(Map<String, JsonNode> attributes) {
        try {
            return mapper.writeValueAsString(attributes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
