package dev.edgesync.edge.read;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** What the origin answered: status, headers (case-insensitive names), body. */
public record OriginResponse(int status, Map<String, List<String>> headers, byte[] body) {

    public OriginResponse {
        Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (name != null && !name.startsWith(":")) {
                copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values));
            }
        });
        headers = copy;
        body = body == null ? new byte[0] : body;
    }

    /** All values of a header joined by ", ", or null. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : String.join(", ", values);
    }

    /** Every header, lower-case name, values joined by ", " ({@code Set-Cookie} lines by a line feed: SetCookieRules). */
    public Map<String, String> joined() {
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((name, values) -> out.put(name, String.join(name.startsWith("set-cookie")
                ? dev.edgesync.edge.cache.SetCookieRules.LINES : ", ", values)));
        return out;
    }
}
