package dev.customactions.objects.model;

import static dev.customactions.common.error.ErrorList.Error.invalid;
import static dev.customactions.common.error.ErrorList.Error.missing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorCodes;
import dev.customactions.common.error.ErrorList;
import dev.customactions.objects.ObjectsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hibernate.Session;

/**
 * Defines the data model: custom data attributes of contacts and conversations, custom object
 * types and their attributes. As in Intercom, only the description changes after creation; an
 * attribute or a type can be archived (and brought back).
 */
@ApplicationScoped
public class DataModelService {

    /** Names of attributes: letters, digits, {@code _} and {@code -}, starting with a letter. */
    static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,99}");
    /** Identifiers of custom object types, such as {@code Order}. */
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,99}");

    private static final Set<String> MODELS = Set.of("contact", "conversation");
    private static final int MAX_DESCRIPTION = 1000;
    private static final int MAX_OPTIONS = 200;

    /** Body of {@code POST /data_attributes}. */
    public record NewDataAttribute(
            String name,
            String model,
            String dataType,
            String description,
            List<JsonNode> options,
            Boolean messengerWritable) {}

    /** Body of {@code POST /custom_object_types}. */
    public record NewObjectType(
            String identifier, String name, String description, List<NewObjectAttribute> attributes) {}

    /** An attribute of a custom object type, in {@code POST} or {@code PUT /custom_object_types}. */
    public record NewObjectAttribute(String name, String dataType, String description, Boolean archived) {}

    /** A custom object type with its attributes. */
    public record TypeWithAttributes(CustomObjectType type, List<CustomObjectAttribute> attributes) {}

    private final EntityManager entityManager;
    private final ObjectsConfig config;

    DataModelService(EntityManager entityManager, ObjectsConfig config) {
        this.entityManager = entityManager;
        this.config = config;
    }

    /** The data model of {@code workspaceId} as this transaction sees it. */
    public DataModel snapshot(String workspaceId) {
        return entityManager
                .unwrap(Session.class)
                .doReturningWork(connection -> DataModel.load(connection, List.of(workspaceId)));
    }

    public List<DataAttribute> listAttributes(String workspaceId, String model, boolean includeArchived) {
        checkModel(model, "model");
        return DataAttribute.listByModel(workspaceId, model, includeArchived);
    }

    @Transactional
    public DataAttribute createAttribute(String workspaceId, NewDataAttribute request) {
        var errors = new ArrayList<ErrorList.Error>();
        if (request.model() == null) {
            errors.add(missing("model"));
        } else if (!MODELS.contains(request.model())) {
            errors.add(invalid("model", "model must be contact or conversation"));
        }
        checkName(request.name(), "name", errors);
        if (errors.isEmpty() && StandardAttributes.ofModel(request.model(), request.name())) {
            errors.add(invalid("name", request.name() + " is a standard attribute of " + request.model() + "s"));
        }
        DataType type = checkType(request.dataType(), "data_type", errors);
        checkDescription(request.description(), "description", errors);
        List<String> options = options(request.options(), type, errors);
        if (request.messengerWritable() == null) {
            errors.add(missing("messenger_writable"));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        lockWorkspace(workspaceId);
        if (DataAttribute.nameTaken(workspaceId, request.model(), request.name())) {
            throw ApiException.conflict(
                    "name", "A " + request.model() + " attribute named " + request.name() + " exists");
        }
        if (DataAttribute.countByModel(workspaceId, request.model()) >= config.maxAttributes()) {
            throw ApiException.unprocessable(
                    "model",
                    "A workspace has at most " + config.maxAttributes() + " custom " + request.model() + " attributes");
        }
        var attribute = new DataAttribute();
        attribute.workspaceId = workspaceId;
        attribute.model = request.model();
        attribute.name = request.name();
        attribute.dataType = type.apiName();
        attribute.description = request.description();
        attribute.options = options;
        attribute.messengerWritable = request.messengerWritable();
        attribute.createdAt = now();
        attribute.updatedAt = attribute.createdAt;
        attribute.persist();
        return attribute;
    }

    /** Changes the description and/or archived flag; any other field is refused, named. */
    @Transactional
    public DataAttribute updateAttribute(String workspaceId, long id, ObjectNode body) {
        var errors = new ArrayList<ErrorList.Error>();
        checkUpdate(
                body,
                Set.of("description", "archived"),
                Set.of("name", "model", "data_type", "options", "messenger_writable"),
                "attribute",
                errors);
        JsonNode description = body.get("description");
        JsonNode archived = body.get("archived");
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
        DataAttribute attribute = DataAttribute.findInWorkspace(workspaceId, id)
                .orElseThrow(() -> ApiException.notFound("Data attribute"));
        if (description != null) {
            attribute.description = description.textValue();
        }
        if (archived != null) {
            attribute.archived = archived.booleanValue();
        }
        attribute.updatedAt = now();
        return attribute;
    }

    public List<TypeWithAttributes> listTypes(String workspaceId) {
        return CustomObjectType.listByWorkspace(workspaceId).stream()
                .map(type -> new TypeWithAttributes(type, CustomObjectAttribute.listByType(type.id)))
                .toList();
    }

    public TypeWithAttributes getType(String workspaceId, String identifier) {
        CustomObjectType type = CustomObjectType.findByIdentifier(workspaceId, identifier)
                .orElseThrow(() -> ApiException.notFound("Custom object type"));
        return new TypeWithAttributes(type, CustomObjectAttribute.listByType(type.id));
    }

    @Transactional
    public TypeWithAttributes createType(String workspaceId, NewObjectType request) {
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
            checkNewObjectAttributes(
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
        lockWorkspace(workspaceId);
        if (CustomObjectType.identifierTaken(workspaceId, request.identifier())) {
            throw ApiException.conflict("identifier", "A custom object type " + request.identifier() + " exists");
        }
        if (CustomObjectType.countByWorkspace(workspaceId) >= config.maxCustomObjectTypes()) {
            throw new ApiException(
                    422,
                    ErrorCodes.UNPROCESSABLE_ENTITY,
                    "A workspace has at most " + config.maxCustomObjectTypes() + " custom object types",
                    "identifier");
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
    public TypeWithAttributes updateType(String workspaceId, String identifier, ObjectNode body) {
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
                    added.add(newObjectAttribute((ObjectNode) entry, at, errors));
                    addedFields.add(at);
                }
            }
            checkNewObjectAttributes(
                    added,
                    addedFields,
                    existing.stream().map(a -> a.name.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()),
                    errors);
        }
        if (!errors.isEmpty()) {
            throw new ApiException(400, errors);
        }
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

    private void addAttribute(CustomObjectType type, NewObjectAttribute request) {
        var attribute = new CustomObjectAttribute();
        attribute.typeId = type.id;
        attribute.name = request.name();
        attribute.dataType = request.dataType();
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
                    if (!current.dataType.equals(entry.get("data_type").asText())) {
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

    private static NewObjectAttribute newObjectAttribute(ObjectNode entry, String at, List<ErrorList.Error> errors) {
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

    private void checkNewObjectAttributes(
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

    private static boolean checkName(String name, String field, List<ErrorList.Error> errors) {
        if (name == null || name.isBlank()) {
            errors.add(missing(field));
            return false;
        }
        if (!NAME.matcher(name).matches()) {
            errors.add(invalid(
                    field, "name must start with a letter and hold only letters, digits, _ and - (at most 100)"));
            return false;
        }
        return true;
    }

    private static DataType checkType(String dataType, String field, List<ErrorList.Error> errors) {
        if (dataType == null) {
            errors.add(missing(field));
            return null;
        }
        return DataType.of(dataType).orElseGet(() -> {
            errors.add(invalid(field, "data_type must be one of " + DataType.NAMES));
            return null;
        });
    }

    /**
     * The problems of an update body: a field outside {@code changeable} is refused (one of
     * {@code immutable} as unchangeable after creation, another as unknown); {@code description} is
     * a string and {@code archived} a boolean.
     */
    private static void checkUpdate(
            JsonNode body, Set<String> changeable, Set<String> immutable, String what, List<ErrorList.Error> errors) {
        body.fieldNames().forEachRemaining(field -> {
            if (!changeable.contains(field)) {
                errors.add(
                        immutable.contains(field)
                                ? invalid(
                                        field,
                                        field + " can't change after creation; archive the " + what
                                                + " and create another")
                                : invalid(field, field + " is not a known field"));
            }
        });
        JsonNode description = body.get("description");
        if (description != null && !description.isNull() && !description.isTextual()) {
            errors.add(invalid("description", "description must be a string"));
        } else if (description != null) {
            checkDescription(description.textValue(), "description", errors);
        }
        JsonNode archived = body.get("archived");
        if (archived != null && !archived.isBoolean()) {
            errors.add(invalid("archived", "archived must be true or false"));
        }
    }

    private static void checkDescription(String description, String field, List<ErrorList.Error> errors) {
        if (description != null && description.length() > MAX_DESCRIPTION) {
            errors.add(invalid(field, "description must be at most " + MAX_DESCRIPTION + " characters"));
        }
    }

    /** Options as Intercom takes them ({@code [{"value": "a"}]}) or as plain strings; for string attributes only. */
    private static List<String> options(List<JsonNode> options, DataType type, List<ErrorList.Error> errors) {
        if (options == null || options.isEmpty()) {
            return null;
        }
        if (type != null && type != DataType.STRING) {
            errors.add(invalid("options", "options are for string attributes"));
            return null;
        }
        if (options.size() > MAX_OPTIONS) {
            errors.add(invalid("options", "at most " + MAX_OPTIONS + " options"));
            return null;
        }
        var values = new LinkedHashSet<String>();
        for (int i = 0; i < options.size(); i++) {
            JsonNode option = options.get(i);
            JsonNode value = option != null && option.isObject() ? option.get("value") : option;
            if (value == null || !value.isTextual() || value.textValue().isBlank()) {
                errors.add(invalid("options[" + i + "]", "an option is a non-blank string or {\"value\": string}"));
            } else if (!values.add(value.textValue())) {
                errors.add(invalid("options[" + i + "]", "option " + value.textValue() + " is listed twice"));
            }
        }
        return List.copyOf(values);
    }

    private static void checkModel(String model, String field) {
        if (model == null || model.isBlank()) {
            throw ApiException.missing(field);
        }
        if (!MODELS.contains(model)) {
            throw ApiException.invalid(field, field + " must be contact or conversation");
        }
    }

    /** Serialises creations of one workspace, so that names stay unique and limits hold under concurrency. */
    private void lockWorkspace(String workspaceId) {
        entityManager
                .createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(?1))")
                .setParameter(1, "data-model:" + workspaceId)
                .getSingleResult();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
