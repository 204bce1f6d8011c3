package dev.edgesync.deploy;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every value in values.yaml carries a helm-docs `# --` comment (itself or an ancestor), and the chart README lists it. */
class ValuesDocumentationTest {

    private static final Pattern KEY = Pattern.compile("^(\\s*)(- )?([A-Za-z_][A-Za-z0-9_.-]*):(.*)$");
    private static final Pattern ITEM_WITH_DOC = Pattern.compile("^(\\s*)- # -- (.+)$");

    private record Key(String path, int indent, boolean documented, boolean leaf) {
    }

    static Map<String, Key> keys(List<String> lines) {
        Map<String, Key> keys = new LinkedHashMap<>();
        Deque<Key> parents = new ArrayDeque<>();
        Map<String, Integer> listIndex = new LinkedHashMap<>();
        boolean pendingDoc = false;
        int pendingItemIndent = -1;
        for (String line : lines) {
            Matcher item = ITEM_WITH_DOC.matcher(line);
            if (item.matches()) {
                pendingDoc = true;
                pendingItemIndent = item.group(1).length() + 2;
                continue;
            }
            if (line.trim().startsWith("# --")) {
                pendingDoc = true;
                continue;
            }
            if (line.isBlank() || line.trim().startsWith("#")) {
                continue;
            }
            Matcher m = KEY.matcher(line);
            if (!m.matches()) {
                continue; // list scalars such as "- ALL"
            }
            boolean startsItem = m.group(2) != null || m.group(1).length() == pendingItemIndent;
            int indent = m.group(1).length() + (m.group(2) != null ? 2 : 0);
            while (!parents.isEmpty() && parents.peek().indent() >= indent) {
                parents.pop();
            }
            String parentPath = parents.isEmpty() ? "" : parents.peek().path();
            if (startsItem) {
                int index = listIndex.merge(parentPath, 1, Integer::sum) - 1;
                parents.push(new Key(parentPath + "[" + index + "]", indent - 1,
                        !parents.isEmpty() && parents.peek().documented(), false));
                parentPath = parents.peek().path();
            }
            String path = parentPath.isEmpty() ? m.group(3) : parentPath + "." + m.group(3);
            String rest = m.group(4).trim();
            boolean leaf = !rest.isEmpty() && !rest.startsWith("#");
            boolean inherited = !parents.isEmpty() && parents.peek().documented();
            Key key = new Key(path, indent, pendingDoc || inherited, leaf);
            keys.put(path, key);
            if (pendingDoc) {
                keys.put(path + "#doc", key);
            }
            pendingDoc = false;
            pendingItemIndent = -1;
            if (!leaf) {
                parents.push(key);
            }
        }
        return keys;
    }

    @Test
    void everyValueIsDocumentedAndListedInTheReadme() throws Exception {
        List<String> lines = Files.readAllLines(Chart.dir().resolve("values.yaml"));
        Map<String, Key> keys = keys(lines);
        List<String> undocumented = new ArrayList<>();
        keys.forEach((path, key) -> {
            if (!path.endsWith("#doc") && key.leaf() && !key.documented()) {
                undocumented.add(path);
            }
        });
        assertEquals(List.of(), undocumented, "values without a `# --` comment");
        String readme = Files.readString(Chart.dir().resolve("README.md"));
        List<String> missing = keys.keySet().stream().filter(p -> p.endsWith("#doc"))
                .map(p -> p.substring(0, p.length() - 4)).filter(p -> !readme.contains("`" + p + "`")).toList();
        assertEquals(List.of(), missing, "documented values missing from helm/edgesync/README.md");
        assertTrue(keys.containsKey("regions[0].redis.evictionPolicy#doc"));
        assertTrue(keys.containsKey("edge.image.repository#doc"));
    }

    @Test
    void parserNoticesAnUndocumentedValue() {
        Map<String, Key> keys = keys(List.of("edge:", "  # -- documented", "  a: 1", "  b: 2"));
        assertTrue(keys.get("edge.a").documented());
        assertTrue(!keys.get("edge.b").documented());
    }
}
