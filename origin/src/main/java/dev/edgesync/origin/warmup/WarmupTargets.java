package dev.edgesync.origin.warmup;

import dev.edgesync.events.problem.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The paths a warm-up reads through every region: the ones asked for, then those of the items carrying the asked
 * tags, each once, at most {@link #MAX_PATHS}. A path is an origin-relative path with an optional query; anything
 * that could name another host ({@code //host}, a scheme, a backslash) is refused.
 */
public final class WarmupTargets {
    public static final int MAX_PATHS = 100;
    static final int MAX_TAGS = 20;

    private WarmupTargets() {
    }

    /** Checks the request's own paths and tags before any tag is looked up. */
    public static void validate(List<String> paths, List<String> tags) {
        int askedPaths = paths == null ? 0 : paths.size();
        int askedTags = tags == null ? 0 : tags.size();
        if (askedPaths == 0 && askedTags == 0) {
            throw ProblemException.invalid("give \"paths\" or \"tags\" to warm");
        }
        if (askedPaths > MAX_PATHS || askedTags > MAX_TAGS) {
            throw ProblemException.invalid("at most " + MAX_PATHS + " paths and " + MAX_TAGS + " tags per warm-up");
        }
        if (paths != null) {
            paths.forEach(WarmupTargets::checkPath);
        }
        if (tags != null && tags.stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 128)) {
            throw ProblemException.invalid("a tag is 1 to 128 characters");
        }
    }

    /** The paths in order, duplicates dropped, cut at {@link #MAX_PATHS}. */
    public static List<String> of(List<String> paths, List<String> taggedPaths) {
        Set<String> all = new LinkedHashSet<>();
        if (paths != null) {
            all.addAll(paths);
        }
        all.addAll(taggedPaths);
        List<String> list = new ArrayList<>(all);
        return list.subList(0, Math.min(MAX_PATHS, list.size()));
    }

    static void checkPath(String path) {
        if (path == null || path.length() > 2048 || !path.startsWith("/") || path.startsWith("//")
                || path.contains("\\") || path.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw ProblemException.invalid("a path starts with a single '/' and has no spaces or control characters: "
                    + abbreviate(path));
        }
        try {
            URI uri = new URI(path);
            if (uri.getScheme() != null || uri.getRawAuthority() != null || uri.getRawFragment() != null) {
                throw ProblemException.invalid("a path names no scheme, host or fragment: " + abbreviate(path));
            }
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("not a valid path: " + abbreviate(path));
        }
    }

    private static String abbreviate(String path) {
        return path == null ? "null" : path.length() > 80 ? path.substring(0, 80) + "…" : path;
    }
}
