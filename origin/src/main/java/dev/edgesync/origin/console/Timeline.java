package dev.edgesync.origin.console;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The console's record of the latest writes and purges: when each was committed and published, when each region
 * applied it (its acknowledgement) and when a reader in each region was first served the new state. Holds at most
 * {@code capacity} changes (the oldest go first); not thread-safe, the caller serialises access. Times are epoch ms
 * given by the caller.
 */
public final class Timeline {
    /** A content change is converged once every region applied it and served the new version; a purge once applied. */
    public static final String CONVERGED = "converged";
    public static final String PENDING = "pending";
    /** Nothing more is watched after {@code watch}: some region never applied it or never served it. */
    public static final String NOT_CONVERGED = "not-converged";

    private final int capacity;
    private final long watchMs;
    private final List<String> regions;
    private final LinkedHashMap<String, Entry> changes = new LinkedHashMap<>();
    private long seq;

    public Timeline(List<String> regions, int capacity, long watchMs) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.regions = List.copyOf(regions);
        this.capacity = capacity;
        this.watchMs = watchMs;
    }

    /**
     * One region's progress; null fields are not reached yet. {@code appliedBy}: the edge instance whose
     * acknowledgement counted; {@code staleAnswers}: STALE answers seen after the commit.
     */
    public record RegionProgress(Long appliedAt, String appliedBy, Long servedAt, Long servedVersion,
            String servedCache, int staleAnswers) {
    }

    /**
     * What the console shows of one change. {@code contentId} is null for purges; {@code seq} grows with every update
     * of any change, so a browser keeps the newest copy it was sent.
     */
    public record Change(long seq, String eventId, String kind, Long contentId, long version, List<String> keys,
            List<String> tags, List<String> prefixes, String mode, long issuedAt, long committedAt, Long publishedAt,
            Map<String, RegionProgress> regions, String status, Long convergedAt, String traceId) {
    }

    /** Lag from issuedAt to applied, per region, over the changes held: the last one and the median. */
    public record Lag(Long lastMs, Long medianMs, int samples) {
    }

    private static final class Entry {
        final String eventId;
        final String kind;
        final Long contentId;
        final long version;
        final List<String> keys;
        final List<String> tags;
        final List<String> prefixes;
        final String mode;
        final long issuedAt;
        final long committedAt;
        Long publishedAt;
        final Map<String, RegionProgress> regions = new LinkedHashMap<>();
        Long convergedAt;
        String traceId;
        boolean expired;
        long seq;

        Entry(String eventId, String kind, Long contentId, long version, List<String> keys, List<String> tags,
                List<String> prefixes, String mode, long issuedAt, long committedAt) {
            this.eventId = eventId;
            this.kind = kind;
            this.contentId = contentId;
            this.version = version;
            this.keys = List.copyOf(keys);
            this.tags = List.copyOf(tags);
            this.prefixes = List.copyOf(prefixes);
            this.mode = mode;
            this.issuedAt = issuedAt;
            this.committedAt = committedAt;
        }

        boolean isContent() {
            return contentId != null;
        }
    }

    /** Records a committed change; returns it as shown. */
    public Change committed(String eventId, String kind, Long contentId, long version, List<String> keys,
            List<String> tags, List<String> prefixes, String mode, long issuedAt, long committedAt) {
        return committed(eventId, kind, contentId, version, keys, tags, prefixes, mode, issuedAt, committedAt, null);
    }

    /** Records a committed change with the trace id of the write that made it (null outside a trace). */
    public Change committed(String eventId, String kind, Long contentId, long version, List<String> keys,
            List<String> tags, List<String> prefixes, String mode, long issuedAt, long committedAt, String traceId) {
        Entry entry = new Entry(eventId, kind, contentId, version, keys, tags, prefixes, mode, issuedAt, committedAt);
        entry.traceId = traceId;
        for (String region : regions) {
            entry.regions.put(region, new RegionProgress(null, null, null, null, null, 0));
        }
        changes.remove(eventId);
        changes.put(eventId, entry);
        while (changes.size() > capacity) {
            changes.remove(changes.keySet().iterator().next());
        }
        return touch(entry);
    }

    public Optional<Change> published(String eventId, long publishedAt) {
        Entry entry = changes.get(eventId);
        if (entry == null || entry.publishedAt != null) {
            return Optional.empty();
        }
        entry.publishedAt = publishedAt;
        return Optional.of(touch(entry));
    }

    /** A region's acknowledgement from edge instance {@code instance}; the first one counts. */
    public Optional<Change> applied(String eventId, String region, long appliedAt, String instance) {
        Entry entry = changes.get(eventId);
        RegionProgress progress = entry == null ? null : entry.regions.get(region);
        if (progress == null || progress.appliedAt() != null) {
            return Optional.empty();
        }
        entry.regions.put(region, new RegionProgress(appliedAt, instance, progress.servedAt(),
                progress.servedVersion(), progress.servedCache(), progress.staleAnswers()));
        settle(entry, appliedAt);
        return Optional.of(touch(entry));
    }

    /**
     * A reader in {@code region} got content {@code contentId} at {@code version} (or 404 after a delete, as
     * {@code gone}), marked {@code cache} (X-Cache). Every change of that item it is as new as counts as served.
     */
    public List<Change> served(String region, long contentId, long version, boolean gone, String cache, long at) {
        List<Change> updated = new ArrayList<>();
        for (Entry entry : changes.values()) {
            if (entry.contentId == null || entry.contentId != contentId || entry.convergedAt != null) {
                continue;
            }
            RegionProgress progress = entry.regions.get(region);
            if (progress == null || progress.servedAt() != null) {
                continue;
            }
            boolean newState = "content-deleted".equals(entry.kind) ? gone : !gone && version >= entry.version;
            if (newState) {
                entry.regions.put(region, new RegionProgress(progress.appliedAt(), progress.appliedBy(), at,
                        gone ? null : version, cache, progress.staleAnswers()));
                settle(entry, at);
                updated.add(touch(entry));
            } else if ("STALE".equalsIgnoreCase(cache) && at >= entry.committedAt) {
                entry.regions.put(region, new RegionProgress(progress.appliedAt(), progress.appliedBy(), null, null,
                        null, progress.staleAnswers() + 1));
                updated.add(touch(entry));
            }
        }
        return updated;
    }

    /** Event ids still waiting for publication or an acknowledgement, watched no longer than {@code watch}. */
    public List<String> awaitingAcks(long now) {
        List<String> ids = new ArrayList<>();
        for (Entry entry : changes.values()) {
            if (watched(entry, now) && (entry.publishedAt == null
                    || entry.regions.values().stream().anyMatch(p -> p.appliedAt() == null))) {
                ids.add(entry.eventId);
            }
        }
        return ids;
    }

    /** Per region, the content items whose new state no reader there was served yet (the newest change per item). */
    public Map<String, Map<Long, String>> awaitingReads(long now) {
        Map<String, Map<Long, String>> byRegion = new LinkedHashMap<>();
        for (Entry entry : changes.values()) {
            if (!entry.isContent() || !watched(entry, now)) {
                continue;
            }
            entry.regions.forEach((region, progress) -> {
                if (progress.servedAt() == null) {
                    byRegion.computeIfAbsent(region, r -> new LinkedHashMap<>())
                            .put(entry.contentId, entry.keys.isEmpty() ? null : entry.keys.get(0));
                }
            });
        }
        return byRegion;
    }

    /** Changes that stopped being watched without converging, each returned once (then shown as not converged). */
    public List<Change> expire(long now) {
        List<Change> expired = new ArrayList<>();
        for (Entry entry : changes.values()) {
            if (entry.convergedAt == null && !entry.expired && now - entry.committedAt > watchMs) {
                entry.expired = true;
                expired.add(touch(entry));
            }
        }
        return expired;
    }

    public List<Change> changes() {
        List<Change> all = new ArrayList<>();
        for (Entry entry : changes.values()) {
            all.add(view(entry));
        }
        return all;
    }

    public Optional<Change> change(String eventId) {
        Entry entry = changes.get(eventId);
        return entry == null ? Optional.empty() : Optional.of(view(entry));
    }

    public Map<String, Lag> lag() {
        Map<String, Lag> lag = new LinkedHashMap<>();
        for (String region : regions) {
            List<Long> samples = new ArrayList<>();
            for (Entry entry : changes.values()) {
                RegionProgress progress = entry.regions.get(region);
                if (progress != null && progress.appliedAt() != null) {
                    samples.add(Math.max(0, progress.appliedAt() - entry.issuedAt));
                }
            }
            Long last = samples.isEmpty() ? null : samples.get(samples.size() - 1);
            List<Long> sorted = samples.stream().sorted().toList();
            Long median = sorted.isEmpty() ? null : sorted.get((sorted.size() - 1) / 2);
            lag.put(region, new Lag(last, median, samples.size()));
        }
        return lag;
    }

    public int capacity() {
        return capacity;
    }

    public List<String> regions() {
        return regions;
    }

    private boolean watched(Entry entry, long now) {
        return entry.convergedAt == null && !entry.expired && now - entry.committedAt <= watchMs;
    }

    private void settle(Entry entry, long at) {
        if (entry.convergedAt != null) {
            return;
        }
        boolean done = entry.regions.values().stream()
                .allMatch(p -> p.appliedAt() != null && (!entry.isContent() || p.servedAt() != null));
        if (done) {
            entry.convergedAt = at;
        }
    }

    private Change touch(Entry entry) {
        entry.seq = ++seq;
        return view(entry);
    }

    private Change view(Entry entry) {
        String status = entry.convergedAt != null ? CONVERGED
                : entry.expired ? NOT_CONVERGED : PENDING;
        return new Change(entry.seq, entry.eventId, entry.kind, entry.contentId, entry.version, entry.keys,
                entry.tags, entry.prefixes, entry.mode, entry.issuedAt, entry.committedAt, entry.publishedAt,
                Collections.unmodifiableMap(new LinkedHashMap<>(entry.regions)), status, entry.convergedAt,
                entry.traceId);
    }
}
