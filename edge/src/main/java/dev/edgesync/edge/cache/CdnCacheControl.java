package dev.edgesync.edge.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.greenbytes.http.sfv.BooleanItem;
import org.greenbytes.http.sfv.Dictionary;
import org.greenbytes.http.sfv.InnerList;
import org.greenbytes.http.sfv.IntegerItem;
import org.greenbytes.http.sfv.Item;
import org.greenbytes.http.sfv.ListElement;
import org.greenbytes.http.sfv.Parser;
import org.greenbytes.http.sfv.StringItem;
import org.greenbytes.http.sfv.TokenItem;

/**
 * {@code CDN-Cache-Control} (RFC 9213): a structured-field Dictionary (RFC 8941) with the directives of
 * {@code Cache-Control}. A value that does not parse, or a known directive of the wrong type (an integer directive
 * that is not a non-negative Integer, a flag that is not a Boolean), makes the whole field invalid: the cache ignores
 * it and falls back to the other fields (RFC 9213 §2.1). Unknown directives are ignored, whatever their type.
 */
public final class CdnCacheControl {
    private static final Set<String> SECONDS = Set.of("max-age", "s-maxage", "stale-while-revalidate",
            "stale-if-error");
    private static final Set<String> FLAGS = Set.of("no-store", "public", "must-revalidate", "proxy-revalidate",
            "must-understand", "immutable");
    /** Flags that may instead name fields ({@code no-cache="set-cookie"} or an Inner List of names). */
    private static final Set<String> FLAGS_WITH_FIELDS = Set.of("no-cache", "private");

    private CdnCacheControl() {
    }

    /** The directives of a valid field; empty when the field is absent or invalid (then it is ignored whole). */
    public static Optional<CacheControl> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        Map<String, ListElement<? extends Object>> members;
        try {
            Dictionary dictionary = Parser.parseDictionary(value);
            members = dictionary.get();
        } catch (IllegalArgumentException e) { // ParseException included
            return Optional.empty();
        }
        // rewritten as the Cache-Control syntax CacheControl already reads, once every member is known to be valid
        List<String> directives = new ArrayList<>();
        for (Map.Entry<String, ListElement<? extends Object>> member : members.entrySet()) {
            String name = member.getKey();
            ListElement<? extends Object> v = member.getValue();
            if (SECONDS.contains(name)) {
                if (!(v instanceof IntegerItem i) || i.getAsLong() < 0) {
                    return Optional.empty();
                }
                directives.add(name + "=" + i.getAsLong());
            } else if (FLAGS.contains(name) || FLAGS_WITH_FIELDS.contains(name)) {
                if (v instanceof BooleanItem b) {
                    if (b.get()) {
                        directives.add(name);
                    }
                } else if (FLAGS_WITH_FIELDS.contains(name) && fieldNames(v) != null) {
                    directives.add(name + "=\"" + String.join(", ", fieldNames(v)) + "\"");
                } else {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(CacheControl.parse(String.join(", ", directives)));
    }

    /** The field names of {@code no-cache="a, b"} or {@code no-cache=(a b)}; null when {@code v} is neither. */
    private static List<String> fieldNames(ListElement<? extends Object> v) {
        if (v instanceof StringItem s) {
            return List.of(s.get());
        }
        if (v instanceof InnerList list) {
            List<String> names = new ArrayList<>();
            for (Item<? extends Object> item : list.get()) {
                if (item instanceof TokenItem t) {
                    names.add(t.get());
                } else if (item instanceof StringItem s) {
                    names.add(s.get());
                } else {
                    return null;
                }
            }
            return names;
        }
        return null;
    }
}
