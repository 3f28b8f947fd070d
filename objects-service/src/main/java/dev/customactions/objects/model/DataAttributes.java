package dev.customactions.objects.model;

import static dev.customactions.common.error.ErrorList.Error.invalid;
import static dev.customactions.common.error.ErrorList.Error.missing;
import static dev.customactions.objects.model.DataModelChecks.MODELS;
import static dev.customactions.objects.model.DataModelChecks.checkDescription;
import static dev.customactions.objects.model.DataModelChecks.checkModel;
import static dev.customactions.objects.model.DataModelChecks.checkName;
import static dev.customactions.objects.model.DataModelChecks.checkType;
import static dev.customactions.objects.model.DataModelChecks.checkUpdate;
import static dev.customactions.objects.model.DataModelChecks.options;
import static dev.customactions.objects.model.DataModelService.now;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.customactions.common.error.ApiException;
import dev.customactions.common.error.ErrorList;
import dev.customactions.objects.ObjectsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Custom data attributes of contacts and conversations. As in Intercom, only the description
 * changes after creation; an attribute can be archived (and brought back).
 */
@ApplicationScoped
public class DataAttributes {

    /** Body of {@code POST /data_attributes}. */
    public record NewDataAttribute(
            String name,
            String model,
            String dataType,
            String description,
            List<JsonNode> options,
            Boolean messengerWritable,
            Boolean actionWritable) {}

    private final DataModelService dataModel;
    private final ObjectsConfig config;
    private final LiveMappings liveMappings;

    DataAttributes(DataModelService dataModel, ObjectsConfig config, LiveMappings liveMappings) {
        this.dataModel = dataModel;
        this.config = config;
        this.liveMappings = liveMappings;
    }

    public List<DataAttribute> list(String workspaceId, String model, boolean includeArchived) {
        checkModel(model, "model");
        return DataAttribute.listByModel(workspaceId, model, includeArchived);
    }

    @Transactional
    public DataAttribute create(String workspaceId, NewDataAttribute request) {
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
        dataModel.lockWorkspace(workspaceId);
        if (DataAttribute.nameTaken(workspaceId, request.model(), request.name())) {
            throw ApiException.nameTaken("name", "A " + request.model() + " attribute", request.name());
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
        // Unsaid, actions may set what end users may set: as before there was a choice.
        attribute.actionWritable =
                request.actionWritable() == null ? request.messengerWritable() : request.actionWritable();
        attribute.createdAt = now();
        attribute.updatedAt = attribute.createdAt;
        attribute.persist();
        return attribute;
    }

    /**
     * Changes the description and/or archived flag; any other field is refused, named. An attribute a live
     * action writes isn't archived (409 naming the actions).
     */
    @Transactional
    public DataAttribute update(String workspaceId, long id, ObjectNode body) {
        var errors = new ArrayList<ErrorList.Error>();
        checkUpdate(
                body,
                Set.of("description", "archived"),
                Set.of("name", "model", "data_type", "options", "messenger_writable", "action_writable"),
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
        if (archived != null && archived.booleanValue() && !attribute.archived) {
            LiveMappings.refuseArchiving(
                    "Data attribute '" + attribute.name + "'",
                    liveMappings.ofDataAttribute(workspaceId, attribute.model, attribute.name, true));
        }
        if (archived != null) {
            attribute.archived = archived.booleanValue();
        }
        attribute.updatedAt = now();
        return attribute;
    }
}
