package dev.customactions.executor.runlog;

import java.time.Instant;

/** Filters and page of a run log listing; all optional but the workspace. */
public record RunQuery(
        String workspaceId,
        String actionId,
        String status,
        String errorType,
        String conversationId,
        Instant from,
        Instant to,
        Instant beforeStartedAt,
        String beforeRunId,
        int limit) {}
