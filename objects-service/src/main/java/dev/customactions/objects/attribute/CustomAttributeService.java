package dev.customactions.objects.attribute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.customactions.common.error.ApiException;
import dev.customactions.objects.ObjectsConfig;
import dev.customactions.objects.model.AttributeCheck;
import dev.customactions.objects.model.DataModelService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Sets custom attributes of a contact or conversation for an admin: each value checked against the
 * data model (protected attributes included, standard ones never), merged in one statement so
 * that concurrent writers of other attributes are not overwritten.
 */
@ApplicationScoped
public class CustomAttributeService {

    private final EntityManager entityManager;
    private final DataModelService dataModel;
    private final ObjectsConfig config;
    private final ObjectMapper mapper;

    CustomAttributeService(
            EntityManager entityManager, DataModelService dataModel, ObjectsConfig config, ObjectMapper mapper) {
        this.entityManager = entityManager;
        this.dataModel = dataModel;
        this.config = config;
        this.mapper = mapper;
    }

    /**
     * Merges {@code values} (null removes one) into the custom attributes of the {@code model}
     * ({@code contact} or {@code conversation}) {@code id}; 404 if there is none in the workspace.
     */
    @Transactional
    public void set(String workspaceId, String model, String id, Map<String, JsonNode> values) {
        if (values == null) {
            throw ApiException.missing("custom_attributes");
        }
        var problems = AttributeCheck.ofModel(
                dataModel.snapshot(workspaceId),
                workspaceId,
                model,
                values,
                "custom_attributes",
                AttributeCheck.Writer.ADMIN,
                config.maxStringLength());
        if (!problems.isEmpty()) {
            throw new ApiException(
                    400, problems.stream().map(AttributeCheck.Problem::toError).toList());
        }
        String table = model.equals("contact") ? "contact" : "conversation";
        int updated = entityManager
                .createNativeQuery("UPDATE " + table
                        + " SET custom_attributes = jsonb_strip_nulls(custom_attributes || CAST(?1 AS jsonb)), updated_at = ?2"
                        + " WHERE workspace_id = ?3 AND id = ?4")
                .setParameter(1, json(values))
                .setParameter(2, Instant.now().truncatedTo(ChronoUnit.MICROS))
                .setParameter(3, workspaceId)
                .setParameter(4, id)
                .executeUpdate();
        if (updated == 0) {
            throw ApiException.notFound(model.equals("contact") ? "Contact" : "Conversation");
        }
        entityManager.clear();
    }

    private String json(Map<String, JsonNode> values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
