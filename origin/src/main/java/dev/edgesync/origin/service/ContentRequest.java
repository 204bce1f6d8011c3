package dev.edgesync.origin.service;

import java.util.List;

/** The body of a create or a partial update; a null field is absent (left unchanged on update). */
public record ContentRequest(String title, String slug, String body, List<String> tags) {
}
