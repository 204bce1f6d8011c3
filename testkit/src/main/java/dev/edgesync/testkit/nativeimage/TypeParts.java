package dev.edgesync.testkit.nativeimage;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Adds to the findings what the serialised types are made of: record components, fields, superclasses. */
final class TypeParts {
    private TypeParts() {
    }

    static void expand(Findings findings, OurTypes ours, ClassLoader loader) {
        Deque<String> work = new ArrayDeque<>(findings.serialised.keySet());
        Set<String> seen = new HashSet<>(work);
        while (!work.isEmpty()) {
            String name = work.pop();
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                findings.unknown.add(name + ": not loadable (" + e + ")");
                continue;
            }
            for (Type part : parts(type, ours.prefix().replace('/', '.'))) {
                for (String inner : ours.inType(part)) {
                    findings.add(inner, name);
                    if (seen.add(inner)) {
                        work.push(inner);
                    }
                }
            }
        }
    }

    private static List<Type> parts(Class<?> type, String binaryPrefix) {
        List<Type> parts = new ArrayList<>();
        if (type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                parts.add(component.getGenericType());
            }
        } else if (!type.isEnum()) {
            for (Class<?> c = type; c != null && c.getName().startsWith(binaryPrefix); c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                        parts.add(field.getGenericType());
                    }
                }
                parts.add(c.getGenericSuperclass());
            }
        }
        return parts;
    }
}
