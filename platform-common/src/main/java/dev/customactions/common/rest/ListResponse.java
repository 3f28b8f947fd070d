package dev.customactions.common.rest;

import java.util.List;

/** Intercom's list shape: {@code {"type":"list","data":[...]}}. */
public record ListResponse<T>(String type, List<T> data) {

    public static <T> ListResponse<T> of(List<T> data) {
        return new ListResponse<>("list", List.copyOf(data));
    }
}
