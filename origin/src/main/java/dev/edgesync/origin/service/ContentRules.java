package dev.edgesync.origin.service;

import dev.edgesync.events.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** What a content item may hold, and how listing parameters are read; no I/O. */
public final class ContentRules {
    public static final int MAX_TITLE = 300;
    public static final int MAX_BODY_BYTES = 512 * 1024;
    public static final int MAX_TAGS = 20;
    public static final int MAX_PAGE_SIZE = 100;
    public static final int DEFAULT_PAGE_SIZE = 20;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,200}");
    private static final Pattern TAG = Pattern.compile("[a-z0-9-]{1,64}");

    private ContentRules() {
    }

    /** Checks a create request: title, slug and body are required, tags optional. */
    public static ContentRequest forCreate(ContentRequest request) {
        if (request == null) {
            throw ProblemException.invalid("a JSON body with title, slug and body is required");
        }
        if (request.title() == null || request.slug() == null || request.body() == null) {
            throw ProblemException.invalid("title, slug and body are required");
        }
        return checked(request);
    }

    /** Checks a partial update: every present field obeys the create rules. */
    public static ContentRequest forUpdate(ContentRequest request) {
        if (request == null) {
            throw ProblemException.invalid("a JSON body is required");
        }
        return checked(request);
    }

    private static ContentRequest checked(ContentRequest request) {
        String title = request.title();
        if (title != null && hasControl(title, false)) {
            throw ProblemException.invalid("title must not contain control characters");
        }
        if (request.slug() != null && hasControl(request.slug(), false)) {
            throw ProblemException.invalid("slug must match [a-z0-9-]{1,200}");
        }
        if (request.body() != null && hasControl(request.body(), true)) {
            throw ProblemException.invalid("body must not contain control characters other than newline, carriage return and tab");
        }
        if (title != null && (title.isBlank() || title.length() > MAX_TITLE)) {
            throw ProblemException.invalid("title must be 1-" + MAX_TITLE + " characters and not blank");
        }
        if (request.slug() != null && !SLUG.matcher(request.slug()).matches()) {
            throw ProblemException.invalid("slug must match [a-z0-9-]{1,200}");
        }
        if (request.body() != null && request.body().getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES) {
            throw ProblemException.invalid("body must be at most " + MAX_BODY_BYTES + " bytes (UTF-8)");
        }
        return new ContentRequest(title, request.slug(), request.body(),
                request.tags() == null ? null : tags(request.tags()));
    }

    private static List<String> tags(List<String> tags) {
        if (tags.size() > MAX_TAGS) {
            throw ProblemException.invalid("at most " + MAX_TAGS + " tags");
        }
        for (String tag : tags) {
            if (tag == null || !TAG.matcher(tag).matches()) {
                throw ProblemException.invalid("each tag must match [a-z0-9-]{1,64}");
            }
        }
        return new ArrayList<>(new LinkedHashSet<>(tags));
    }

    /**
     * Whether {@code text} holds a control character (C0, DEL or C1; PostgreSQL cannot even store NUL), newline,
     * carriage return and tab allowed when {@code lineBreaksAllowed}.
     */
    public static boolean hasControl(String text, boolean lineBreaksAllowed) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t'))) {
                return true;
            }
        }
        return false;
    }

    /** The row offset of {@code page}, refused when it does not fit the database's int offset. */
    public static int offset(int page, int size) {
        long offset = (long) page * size;
        if (offset > Integer.MAX_VALUE) {
            throw ProblemException.invalid("page * size must be at most " + Integer.MAX_VALUE);
        }
        return (int) offset;
    }

    /** Reads the {@code page} query parameter: an integer >= 0, default 0. */
    public static int page(String raw) {
        int page = integer("page", raw, 0);
        if (page < 0) {
            throw ProblemException.invalid("page must be >= 0");
        }
        return page;
    }

    /** Reads the {@code size} query parameter: 1 to 100, default 20. */
    public static int size(String raw) {
        int size = integer("size", raw, DEFAULT_PAGE_SIZE);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.invalid("size must be between 1 and " + MAX_PAGE_SIZE);
        }
        return size;
    }

    /** Reads the optional {@code tag} filter. */
    public static String tagFilter(String raw) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        if (!TAG.matcher(raw).matches()) {
            throw ProblemException.invalid("tag must match [a-z0-9-]{1,64}");
        }
        return raw;
    }

    private static int integer(String name, String raw, int fallback) {
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalid(name + " must be an integer");
        }
    }
}
