package dev.customactions.definitions.action;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * Body of {@code POST /actions/{id}/test} and {@code POST /actions/{id}/invocations}: input values
 * (each of its input's type exactly), context values the templates name ({@code contact.email},
 * ...), the conversation and contact the run is for, and, for a test only, a sample response to
 * use instead of calling.
 */
public record InvocationRequest(
        Map<String, JsonNode> inputs,
        Map<String, JsonNode> context,
        String conversationId,
        String contactId,
        JsonNode mockResponse) {}
