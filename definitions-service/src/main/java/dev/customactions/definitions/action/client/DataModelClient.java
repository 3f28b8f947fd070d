package dev.customactions.definitions.action.client;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * What an action may write, asked of the objects service when the action is saved: the custom
 * attributes of contacts and conversations, and the attributes of a custom object type (archived
 * ones excluded). Bounded by a timeout, retried, and behind a circuit breaker.
 */
@ApplicationScoped
public class DataModelClient {

    private final DataModelApi api;

    DataModelClient(@RestClient DataModelApi api) {
        this.api = api;
    }

    /**
     * The custom attributes of {@code model} (contact or conversation) by name, each with whether an
     * action may write it ({@code action_writable}; an objects service older than that field: messenger-writable).
     */
    @Timeout(3000)
    @Retry(maxRetries = 2, delay = 100, abortOn = WebApplicationException.class)
    @CircuitBreaker(requestVolumeThreshold = 10, failureRatio = 0.5, delay = 5000)
    public Map<String, Boolean> attributes(String model) {
        var attributes = new HashMap<String, Boolean>();
        for (JsonNode attribute : api.attributes(model).path("data")) {
            if (!attribute.path("archived").asBoolean(false)) {
                attributes.put(
                        attribute.path("name").asText(),
                        attribute
                                .path("action_writable")
                                .asBoolean(attribute.path("messenger_writable").asBoolean(false)));
            }
        }
        return attributes;
    }

    /** The attribute names of custom object type {@code identifier}, empty when there is no such (live) type. */
    @Timeout(3000)
    @Retry(maxRetries = 2, delay = 100, abortOn = WebApplicationException.class)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.5,
            delay = 5000,
            skipOn = WebApplicationException.class)
    public Optional<Set<String>> objectType(String identifier) {
        JsonNode type;
        try {
            type = api.objectType(identifier);
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                return Optional.empty();
            }
            throw e;
        }
        if (type.path("archived").asBoolean(false)) {
            return Optional.empty();
        }
        var names = new HashSet<String>();
        for (JsonNode attribute : type.path("attributes")) {
            if (!attribute.path("archived").asBoolean(false)) {
                names.add(attribute.path("name").asText());
            }
        }
        return Optional.of(names);
    }
}
