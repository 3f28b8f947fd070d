package dev.customactions.objects.model;

import static dev.customactions.common.error.ErrorList.Error.invalid;
import static dev.customactions.common.error.ErrorList.Error.missing;
import static dev.customactions.objects.model.DataModelChecks.IDENTIFIER;
import static dev.customactions.objects.model.DataModelChecks.checkDescription;
import static dev.customactions.objects.model.DataModelChecks.checkName;
import static dev.customactions.objects.model.DataModelChecks.checkType;
import static dev.customactions.objects.model.DataModelChecks.checkUpdate;
import static dev.customactions.objects.model.DataModelService.now;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import dev.customactions.objects.ObjectsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Custom object types and their attributes. As in Intercom, only descriptions change after
 * creation, and attributes can be added; a type or an attribute can be archived (and brought back).
 */
@ApplicationScoped
public class ObjectTypes {

    /** Body of {@code POST /custom_object_types}. */
    public record NewObjectType(
            String identifier, String name, String description, List<NewObjectAttribute> attributes) {}

    /** An attribute of a custom object type, in {@code POST} or {@code PUT /custom_object_types}. */
    public record NewObjectAttribute(String name, String dataType, String description, Boolean archived) {}

    /** A custom object type with its attributes. */
    public record TypeWithAttributes(CustomObjectType type, List<CustomObjectAttribute> attributes) {}

    private final EntityManager entityManager;
    private final DataModelService dataModel;
    private final ObjectsConfig config;
    private final LiveMappings liveMappings;

    ObjectTypes(
            EntityManager entityManager, DataModelService dataModel, ObjectsConfig config, LiveMappings liveMappings) {
        this.entityManager = entityManager;
        this.dataModel = dataModel;
        this.config = config;
        this.liveMappings = liveMappings;
    }

    public List<TypeWithAttributes> list(String workspaceId) {
        return CustomObjectType.listByWorkspace(workspaceId).stream()
                .map(type -> new TypeWithAttributes(type, CustomObjectAttribute.listByType(type.id)))
                .toList();
    }

    public TypeWithAttributes get(String workspaceId, String identifier) {
        CustomObjectType type = CustomObjectType.findByIdentifier(workspaceId, identifier)
                .orElseThrow(() -> ApiException.notFound("Custom object type"));
        return new TypeWithAttributes(type, CustomObjectAttribute.listByType(type.id));
    }

    @Transactional
    public TypeWithAttributes create(String workspaceId, NewObjectType request) {
        var errors = new ArrayList<ErrorList.Error>();
        if (request.identifier() == null || request.identifier().isBlank()) {
            errors.add(missing("identifier"));
        } else if (!IDENTIFIER.matcher(request.identifier()).matches()) {
            errors.add(invalid(
                    "identifier",
                    "identifier must start with a letter and hold only letters, digits and _ " + "(at most 100)"));
        }
        if (request.name() == null || request.name().isBlank()) {
            errors.add(missing("name"));
        } else if (request.name().length() > 200) {
            errors.add(invalid("name", "name must be at most 200 characters"));
        }
        checkDescription(request.description(), "description", errors);
        if (request.attributes() == null) {
            errors.add(missing("attributes"));
        } else {
            checkNewAttributes(
                    request.attributes(),
                    IntStream.range(0, request.attributes().size())
                            .mapToObj(i -> "attributes[" + i + "]")
                            .toList(),
                    Set.of(),
                    errors);
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        dataModel.lockWorkspace(workspaceId);
        if (CustomObjectType.identifierTaken(workspaceId, request.identifier())) {
            throw ApiException.nameTaken("identifier", "A custom object type", request.identifier());
        }
        if (CustomObjectType.countByWorkspace(workspaceId) >= config.maxCustomObjectTypes()) {
            throw ApiException.unprocessable(
                    "identifier", "A workspace has at most " + config.maxCustomObjectTypes() + " custom object types");
        }
        var type = new CustomObjectType();
        type.workspaceId = workspaceId;
        type.identifier = request.identifier();
        type.name = request.name();
        type.description = request.description();
        type.createdAt = now();
        type.updatedAt = type.createdAt;
        type.persist();
        for (NewObjectAttribute attribute : request.attributes()) {
            addAttribute(type, attribute);
        }
        return new TypeWithAttributes(type, CustomObjectAttribute.listByType(type.id));
    }

    /**
     * Changes a type's description or archived flag, its attributes' descriptions or archived
     * flags, and adds attributes; a name, identifier or data type never changes.
     */
    @Transactional
    public TypeWithAttributes update(String workspaceId, String identifier, ObjectNode body) {
        // As a creation: two changes at once would each count and name attributes without the other's.
        dataModel.lockWorkspace(workspaceId);
        CustomObjectType type = CustomObjectType.findByIdentifier(workspaceId, identifier)
                .orElseThrow(() -> ApiException.notFound("Custom object type"));
        List<CustomObjectAttribute> existing = CustomObjectAttribute.listByType(type.id);
        var errors = new ArrayList<ErrorList.Error>();
        checkUpdate(
                body, Set.of("description", "archived", "attributes"), Set.of("identifier", "name"), "type", errors);
        JsonNode description = body.get("description");
        JsonNode archived = body.get("archived");
        JsonNode attributes = body.get("attributes");
        var added = new ArrayList<NewObjectAttribute>();
        var addedFields = new ArrayList<String>();
        var changed = new ArrayList<Map.Entry<CustomObjectAttribute, JsonNode>>();
        if (attributes != null && !attributes.isArray()) {
            errors.add(invalid("attributes", "attributes must be a list"));
        } else if (attributes != null) {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < attributes.size(); i++) {
                String at = "attributes[" + i + "]";
                JsonNode entry = attributes.get(i);
                JsonNode name = entry.get("name");
                if (!entry.isObject() || name == null || !name.isTextual()) {
                    errors.add(missing(at + ".name"));
                    continue;
                }
                if (!names.add(name.textValue().toLowerCase(Locale.ROOT))) {
                    errors.add(invalid(at + ".name", "attribute " + name.textValue() + " is listed twice"));
                    continue;
                }
                var current = existing.stream()
                        .filter(a -> a.name.equalsIgnoreCase(name.textValue()))
                        .findFirst();
                if (current.isPresent()) {
                    checkAttributeChange(current.get(), (ObjectNode) entry, at, errors);
                    changed.add(Map.entry(current.get(), entry));
                } else {
                    added.add(newAttribute((ObjectNode) entry, at, errors));
                    addedFields.add(at);
                }
            }
            checkNewAttributes(
                    added,
                    addedFields,
                    existing.stream().map(a -> a.name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
                    errors);
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        refuseArchivingWhatLiveActionsWrite(workspaceId, type, archived, changed);
        Instant now = now();
        if (description != null) {
            type.description = description.textValue();
        }
        if (archived != null) {
            type.archived = archived.booleanValue();
        }
        type.updatedAt = now;
        for (var change : changed) {
            CustomObjectAttribute attribute = change.getKey();
            if (change.getValue().has("description")) {
                attribute.description = change.getValue().get("description").textValue();
            }
            if (change.getValue().has("archived")) {
                attribute.archived = change.getValue().get("archived").booleanValue();
            }
            attribute.updatedAt = now;
        }
        for (NewObjectAttribute attribute : added) {
            addAttribute(type, attribute);
        }
        entityManager.flush();
        return new TypeWithAttributes(type, CustomObjectAttribute.listByType(type.id));
    }

    /** 409 when the change archives the type, or one of its attributes, that a live action writes. */
    private void refuseArchivingWhatLiveActionsWrite(
            String workspaceId,
            CustomObjectType type,
            JsonNode archived,
            List<Map.Entry<CustomObjectAttribute, JsonNode>> changed) {
        if (archived != null && archived.booleanValue() && !type.archived) {
            LiveMappings.refuseArchiving(
                    "Custom object type '" + type.identifier + "'",
                    liveMappings.ofObjectType(workspaceId, type.identifier, true));
        }
        for (var change : changed) {
            CustomObjectAttribute attribute = change.getKey();
            JsonNode archive = change.getValue().get("archived");
            if (archive != null && archive.booleanValue() && !attribute.archived) {
                LiveMappings.refuseArchiving(
                        "Attribute '" + attribute.name + "' of " + type.identifier,
                        liveMappings.ofObjectAttribute(workspaceId, type.identifier, attribute.name, true));
            }
        }
    }

    private void addAttribute(CustomObjectType type, NewObjectAttribute request) {
        var attribute = new CustomObjectAttribute();
        attribute.typeId = type.id;
        attribute.name = request.name();
        // Stored by its one name: Intercom's float is decimal here (the type was checked before).
        attribute.dataType = DataType.of(request.dataType()).orElseThrow().apiName();
        attribute.description = request.description();
        attribute.archived = Boolean.TRUE.equals(request.archived());
        attribute.createdAt = now();
        attribute.updatedAt = attribute.createdAt;
        attribute.persist();
    }

    private static void checkAttributeChange(
            CustomObjectAttribute current, ObjectNode entry, String at, List<ErrorList.Error> errors) {
        entry.fieldNames().forEachRemaining(field -> {
            switch (field) {
                case "name" -> {
                    if (!entry.get("name").textValue().equals(current.name)) {
                        errors.add(invalid(at + ".name", "an attribute's name can't change"));
                    }
                }
                case "data_type" -> {
                    if (!DataType.of(current.dataType)
                            .equals(DataType.of(entry.get("data_type").asText()))) {
                        errors.add(invalid(
                                at + ".data_type",
                                "data_type can't change after creation; archive the "
                                        + "attribute and create another"));
                    }
                }
                case "description" -> {
                    JsonNode description = entry.get("description");
                    if (!description.isNull() && !description.isTextual()) {
                        errors.add(invalid(at + ".description", "description must be a string"));
                    } else {
                        checkDescription(description.textValue(), at + ".description", errors);
                    }
                }
                case "archived" -> {
                    if (!entry.get("archived").isBoolean()) {
                        errors.add(invalid(at + ".archived", "archived must be true or false"));
                    }
                }
                default -> errors.add(invalid(at + "." + field, field + " is not a known field"));
            }
        });
    }

    private static NewObjectAttribute newAttribute(ObjectNode entry, String at, List<ErrorList.Error> errors) {
        entry.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "data_type", "description", "archived").contains(field)) {
                errors.add(invalid(at + "." + field, field + " is not a known field"));
            }
        });
        JsonNode dataType = entry.get("data_type");
        JsonNode description = entry.get("description");
        JsonNode archived = entry.get("archived");
        if (description != null && !description.isNull() && !description.isTextual()) {
            errors.add(invalid(at + ".description", "description must be a string"));
        }
        if (archived != null && !archived.isBoolean()) {
            errors.add(invalid(at + ".archived", "archived must be true or false"));
        }
        return new NewObjectAttribute(
                entry.get("name").textValue(),
                dataType == null || !dataType.isTextual() ? null : dataType.textValue(),
                description == null ? null : description.textValue(),
                archived != null && archived.asBoolean());
    }

    private void checkNewAttributes(
            List<NewObjectAttribute> attributes, List<String> fields, Set<String> taken, List<ErrorList.Error> errors) {
        if (attributes.size() + taken.size() > config.maxAttributes()) {
            errors.add(invalid(
                    "attributes", "a custom object type has at most " + config.maxAttributes() + " attributes"));
        }
        Set<String> names = new LinkedHashSet<>(taken);
        for (int i = 0; i < attributes.size(); i++) {
            NewObjectAttribute attribute = attributes.get(i);
            String at = fields.get(i);
            if (attribute == null) {
                errors.add(missing(at));
                continue;
            }
            if (checkName(attribute.name(), at + ".name", errors)) {
                if (StandardAttributes.ofInstance(attribute.name())) {
                    errors.add(invalid(
                            at + ".name", attribute.name() + " is a standard attribute of custom object instances"));
                } else if (!names.add(attribute.name().toLowerCase(Locale.ROOT))) {
                    errors.add(invalid(at + ".name", "attribute " + attribute.name() + " is defined twice"));
                }
            }
            checkType(attribute.dataType(), at + ".data_type", errors);
            checkDescription(attribute.description(), at + ".description", errors);
        }
    }
}
