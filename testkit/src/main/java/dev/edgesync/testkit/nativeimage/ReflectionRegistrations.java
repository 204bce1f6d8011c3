package dev.edgesync.testkit.nativeimage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;

/** Reads Quarkus's {@code @RegisterForReflection} annotations from compiled classes. */
final class ReflectionRegistrations {
    private static final String REGISTER = "Lio/quarkus/runtime/annotations/RegisterForReflection;";

    private ReflectionRegistrations() {
    }

    /**
     * Of {@code serialised} and the named types, those registered by an annotation in {@code classes}: on the type
     * itself, in {@code targets}/{@code classNames}, or nested in one.
     */
    static Set<String> registered(Collection<ClassNode> classes, Collection<String> serialised) {
        Set<String> direct = new HashSet<>();
        Set<String> withNested = new HashSet<>();
        for (ClassNode node : classes) {
            AnnotationNode annotation = annotation(node.visibleAnnotations, REGISTER);
            if (annotation == null) {
                continue;
            }
            boolean nested = !Boolean.TRUE.equals(value(annotation, "ignoreNested"));
            List<String> named = new ArrayList<>();
            Object targets = value(annotation, "targets");
            if (targets instanceof List<?> list) {
                list.forEach(t -> named.add(((Type) t).getClassName()));
            }
            Object classNames = value(annotation, "classNames");
            if (classNames instanceof List<?> list) {
                list.forEach(n -> named.add((String) n));
            }
            if (named.isEmpty()) {
                named.add(Type.getObjectType(node.name).getClassName());
            }
            direct.addAll(named);
            if (nested) {
                withNested.addAll(named);
            }
        }
        Set<String> all = new TreeSet<>(direct);
        for (String type : serialised) {
            for (String outer = type; outer.contains("$"); ) {
                outer = outer.substring(0, outer.lastIndexOf('$'));
                if (withNested.contains(outer)) {
                    all.add(type);
                }
            }
        }
        return all;
    }

    private static AnnotationNode annotation(List<AnnotationNode> annotations, String desc) {
        if (annotations == null) {
            return null;
        }
        return annotations.stream().filter(a -> a.desc.equals(desc)).findFirst().orElse(null);
    }

    private static Object value(AnnotationNode annotation, String name) {
        if (annotation.values == null) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i + 1 < annotation.values.size(); i += 2) {
            values.put((String) annotation.values.get(i), annotation.values.get(i + 1));
        }
        return values.get(name);
    }
}
