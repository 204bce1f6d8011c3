package dev.edgesync.origin.service;

import java.util.List;

/** One page of a content listing; {@code total} counts all items matching the filter. */
public record ContentPage(List<ContentView> items, int page, int size, long total) {
}
