package dev.edgesync.testkit.nativeimage;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodNode;

/** What a scan found: the serialised types with where from, and the places whose type cannot be told. */
final class Findings {
    /** Type (binary name, dots) to the places it is serialised from. */
    final Map<String, Set<String>> serialised = new TreeMap<>();
    /** Places where a value reaches Jackson and its type cannot be told. */
    final Set<String> unknown = new TreeSet<>();

    /** A method as a place: {@code pkg.Class.method}. */
    static String where(ClassNode node, MethodNode method) {
        return node.name.replace('/', '.') + "." + method.name;
    }

    void add(String type, String where) {
        serialised.computeIfAbsent(type.replace('/', '.'), t -> new TreeSet<>()).add(where);
    }
}
