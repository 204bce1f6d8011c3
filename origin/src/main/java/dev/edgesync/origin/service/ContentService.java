package dev.edgesync.origin.service;

import dev.edgesync.events.EventKind;
import dev.edgesync.events.InvalidationEvent;
import dev.edgesync.events.problem.ProblemException;
import dev.edgesync.origin.outbox.Outbox;
import dev.edgesync.origin.persistence.Content;
import dev.edgesync.origin.rest.CacheHeaders;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Content reads and writes; every write bumps the version and appends its event in the same transaction. */
@ApplicationScoped
public class ContentService {
    private final Outbox outbox;

    public ContentService(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public ContentView get(long id) {
        return ContentView.of(find(id, LockModeType.NONE));
    }

    @Transactional
    public ContentPage list(String tag, int page, int size) {
        ContentRules.offset(page, size);
        PanacheQuery<Content> query = tag == null
                ? Content.findAll(Sort.by("id"))
                : Content.find("array_contains(tags, ?1)", Sort.by("id"), tag);
        List<ContentView> items = query.page(Page.of(page, size)).<Content>list().stream().map(ContentView::of)
                .toList();
        return new ContentPage(items, page, size, query.count());
    }

    @Transactional
    public ContentView create(ContentRequest request) {
        ContentRequest checked = ContentRules.forCreate(request);
        if (Content.slugTaken(checked.slug(), null)) {
            throw slugConflict(checked.slug());
        }
        Content content = new Content();
        content.title = checked.title();
        content.slug = checked.slug();
        content.body = checked.body();
        content.tags = checked.tags() == null ? List.of() : checked.tags();
        content.version = 1;
        content.updatedAt = now();
        content.persistAndFlush();
        changed(EventKind.CONTENT_UPDATED, content.id, content.version);
        return ContentView.of(content);
    }

    @Transactional
    public ContentView update(long id, ContentRequest request) {
        ContentRequest checked = ContentRules.forUpdate(request);
        Content content = find(id, LockModeType.PESSIMISTIC_WRITE);
        if (checked.slug() != null && !checked.slug().equals(content.slug) && Content.slugTaken(checked.slug(), id)) {
            throw slugConflict(checked.slug());
        }
        if (checked.title() != null) {
            content.title = checked.title();
        }
        if (checked.slug() != null) {
            content.slug = checked.slug();
        }
        if (checked.body() != null) {
            content.body = checked.body();
        }
        if (checked.tags() != null) {
            content.tags = checked.tags();
        }
        content.version++;
        content.updatedAt = now();
        content.flush();
        changed(EventKind.CONTENT_UPDATED, id, content.version);
        return ContentView.of(content);
    }

    @Transactional
    public void delete(long id) {
        Content content = find(id, LockModeType.PESSIMISTIC_WRITE);
        long version = content.version + 1;
        content.delete();
        content.flush();
        changed(EventKind.CONTENT_DELETED, id, version);
    }

    /**
     * Appends the event saying that content {@code contentId} reached {@code version}; the last step of the write, so
     * its issuedAt is taken just before commit (edges apply events at issuedAt plus their region's delay).
     *
     * <p>The item itself is invalidated by its key and version, which edges compare with the version
     * they hold, so a late or repeated event never evicts a copy that is already as new. Its tag
     * {@code content-<id>} stays out of the event: tags carry no version, and this item's own create
     * event would otherwise evict the copy that was filled from it. Lists carry no version either and
     * are invalidated by the {@code content-list} tag.
     */
    private void changed(EventKind kind, long contentId, long version) {
        outbox.append(InvalidationEvent.contentChanged(kind, ContentView.cacheKey(contentId),
                List.of(CacheHeaders.LIST_SURROGATE_KEY), version, outbox.issuedAt()), contentId);
    }

    private static Content find(long id, LockModeType lock) {
        Content content = Content.findById(id, lock);
        if (content == null) {
            throw ProblemException.notFound("content " + id);
        }
        return content;
    }

    private static ProblemException slugConflict(String slug) {
        return ProblemException.conflict("slug '" + slug + "' is already used by another content item");
    }

    // Microseconds are what PostgreSQL keeps; truncating here makes the response equal what a later read returns.
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
