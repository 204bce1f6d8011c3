package dev.edgesync.testkit.nativeimage;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which types are ours: internal names starting with {@code prefix} (slashes), found in signatures and generic types. */
record OurTypes(String prefix) {
    private static final Pattern OUR_TYPE_IN_SIGNATURE = Pattern.compile("L(dev/edgesync/[^;<]+)");

    boolean isOurs(String internalName) {
        return internalName.startsWith(prefix);
    }

    /** Our types named in a descriptor or generic signature (internal names), in order; none for null. */
    List<String> inSignature(String signature) {
        List<String> out = new ArrayList<>();
        if (signature == null) {
            return out;
        }
        Matcher matcher = OUR_TYPE_IN_SIGNATURE.matcher(signature);
        while (matcher.find()) {
            if (matcher.group(1).startsWith(prefix)) {
                out.add(matcher.group(1));
            }
        }
        return out;
    }

    /** Our types (binary names) a reflected type is made of: itself, array elements, type arguments, bounds. */
    Set<String> inType(Type type) {
        String binaryPrefix = prefix.replace('/', '.');
        Set<String> out = new TreeSet<>();
        Deque<Type> work = new ArrayDeque<>();
        if (type != null) {
            work.push(type);
        }
        while (!work.isEmpty()) {
            Type t = work.pop();
            if (t instanceof Class<?> c) {
                Class<?> element = c;
                while (element.isArray()) {
                    element = element.getComponentType();
                }
                if (element.getName().startsWith(binaryPrefix)) {
                    out.add(element.getName());
                }
            } else if (t instanceof ParameterizedType p) {
                work.push(p.getRawType());
                for (Type arg : p.getActualTypeArguments()) {
                    work.push(arg);
                }
            } else if (t instanceof GenericArrayType g) {
                work.push(g.getGenericComponentType());
            } else if (t instanceof WildcardType w) {
                for (Type bound : w.getUpperBounds()) {
                    work.push(bound);
                }
            }
        }
        return out;
    }
}
