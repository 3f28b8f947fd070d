package dev.customactions.executor.rest;

import jakarta.ws.rs.QueryParam;

/** The filters and paging both run lists take ({@code GET /runs}, {@code GET /actions/{id}/runs}). */
public class RunFilters {

    @QueryParam("status")
    String status;

    @QueryParam("error_type")
    String errorType;

    @QueryParam("conversation_id")
    String conversationId;

    @QueryParam("from")
    String from;

    @QueryParam("to")
    String to;

    @QueryParam("per_page")
    Integer perPage;

    @QueryParam("starting_after")
    String startingAfter;
}
