package dev.edgesync.testkit.nativeimage;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.AnnotationNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.BasicValue;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SimpleVerifier;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.WildcardType;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds, in compiled classes, every type of ours that Jackson (or a library that hands values to Jackson)
 * serialises or deserialises at run time, and whether it is registered for reflection with Quarkus's
 * {@code @RegisterForReflection}. A native executable can only (de)serialise registered types; the JVM
 * cannot tell, so this check is what makes a forgotten registration fail a JVM test.
 *
 * <p>A value reaches Jackson when it is passed as an {@code Object} (or {@code Class}) argument to
 * Jackson databind, Vert.x JSON, JAX-RS {@code Response}, MicroProfile messaging or the Quarkus Redis
 * client; when it is in the signature of a REST, route or messaging method or of an {@code Emitter}; and
 * transitively, through record components and fields. A value passed through a method parameter typed
 * {@code Object} makes that parameter a sink too. A value whose type cannot be told is reported as such.
 */
public final class SerializedTypes {
    private static final Pattern OUR_TYPE_IN_SIGNATURE = Pattern.compile("L(dev/edgesync/[^;<]+)");
    private static final String REGISTER = "Lio/quarkus/runtime/annotations/RegisterForReflection;";
    /** Owner prefix of library methods whose Object/Class arguments reach Jackson, to the method names (empty: all). */
    private static final Map<String, Set<String>> SINK_OWNERS = Map.of(
            "com/fasterxml/jackson/databind/", Set.of(),
            "io/vertx/core/json/", Set.of(),
            "io/vertx/mutiny/core/json/", Set.of(),
            "jakarta/ws/rs/core/Response", Set.of("ok", "entity"),
            "org/jboss/resteasy/reactive/RestResponse", Set.of("ok", "entity"),
            "org/eclipse/microprofile/reactive/messaging/", Set.of(),
            "io/smallrye/reactive/messaging/", Set.of(),
            "io/quarkus/redis/", Set.of());
    private static final Set<String> SIGNATURE_ANNOTATIONS = Set.of(
            "Ljakarta/ws/rs/GET;", "Ljakarta/ws/rs/POST;", "Ljakarta/ws/rs/PUT;", "Ljakarta/ws/rs/DELETE;",
            "Ljakarta/ws/rs/PATCH;", "Ljakarta/ws/rs/HEAD;", "Lio/quarkus/vertx/web/Route;",
            "Lorg/eclipse/microprofile/reactive/messaging/Incoming;",
            "Lorg/eclipse/microprofile/reactive/messaging/Outgoing;");
    private static final Pattern EMITTER = Pattern.compile(
            "L(?:org/eclipse/microprofile/reactive/messaging/Emitter|io/smallrye/reactive/messaging/MutinyEmitter)<([^>]*)>");

    private final String prefix;
    private final ClassLoader loader;
    private final Map<String, ClassNode> classes = new TreeMap<>();
    /** Type (binary name, dots) to the places it is serialised from. */
    private final Map<String, Set<String>> serialised = new TreeMap<>();
    /** Places where a value reaches Jackson and its type cannot be told. */
    private final Set<String> unknown = new TreeSet<>();

    private SerializedTypes(String prefix, ClassLoader loader) {
        this.prefix = prefix;
        this.loader = loader;
    }

    /**
     * Scans the classes under the given roots (class directories or jars) for types whose binary name starts
     * with {@code prefix}; {@code loader} must load them (the test's class loader).
     */
    public static SerializedTypes scan(List<Path> roots, String prefix, ClassLoader loader) {
        SerializedTypes scan = new SerializedTypes(prefix, loader);
        for (Path root : roots) {
            scan.read(root);
        }
        scan.analyse();
        return scan;
    }

    /** The code-source directory or jar a class was loaded from. */
    public static Path rootOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (Exception e) {
            throw new IllegalStateException("no code source for " + type, e);
        }
    }

    /** Every serialised type of ours, with where it is serialised from. */
    public Map<String, Set<String>> serialised() {
        return serialised;
    }

    /** Places where a value reaches Jackson but its type could not be determined statically. */
    public Set<String> unknown() {
        return unknown;
    }

    /** Serialised types that no {@code @RegisterForReflection} in the scanned classes registers. */
    public Map<String, Set<String>> unregistered() {
        Set<String> registered = registered();
        Map<String, Set<String>> missing = new TreeMap<>();
        serialised.forEach((type, where) -> {
            if (!registered.contains(type)) {
                missing.put(type, where);
            }
        });
        return missing;
    }

    /** Types registered by an annotation: on the type itself, in {@code targets}/{@code classNames}, or nested in one. */
    public Set<String> registered() {
        Set<String> direct = new HashSet<>();
        Set<String> withNested = new HashSet<>();
        for (ClassNode node : classes.values()) {
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
        for (String type : serialised.keySet()) {
            for (String outer = type; outer.contains("$"); ) {
                outer = outer.substring(0, outer.lastIndexOf('$'));
                if (withNested.contains(outer)) {
                    all.add(type);
                }
            }
        }
        return all;
    }

    private void read(Path root) {
        try {
            if (Files.isDirectory(root)) {
                readTree(root);
            } else {
                try (FileSystem jar = FileSystems.newFileSystem(URI.create("jar:" + root.toUri()), Map.of())) {
                    readTree(jar.getPath("/"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.toString().endsWith(".class") && !file.getFileName().toString().equals("module-info.class")) {
                    try (InputStream in = Files.newInputStream(file)) {
                        ClassNode node = new ClassNode();
                        new ClassReader(in).accept(node, 0);
                        classes.put(node.name, node);
                    }
                }
            }
        }
    }

    private record ParamSink(String owner, String name, String desc, int index) {
    }

    private void analyse() {
        Set<ParamSink> paramSinks = new HashSet<>();
        int before;
        do {
            before = paramSinks.size();
            for (ClassNode node : classes.values()) {
                for (MethodNode method : node.methods) {
                    analyseBody(node, method, paramSinks);
                }
            }
        } while (paramSinks.size() != before);
        for (ClassNode node : classes.values()) {
            for (MethodNode method : node.methods) {
                boolean signatureSerialised = method.visibleAnnotations != null && method.visibleAnnotations.stream()
                        .anyMatch(a -> SIGNATURE_ANNOTATIONS.contains(a.desc));
                String signature = method.signature != null ? method.signature : method.desc;
                if (signatureSerialised) {
                    ours(signature).forEach(t -> add(t, where(node, method)));
                }
                emitted(signature, where(node, method));
            }
            for (FieldNode field : node.fields) {
                emitted(field.signature, node.name.replace('/', '.') + "." + field.name);
            }
        }
        expand();
    }

    private void emitted(String signature, String where) {
        if (signature == null) {
            return;
        }
        Matcher emitter = EMITTER.matcher(signature);
        while (emitter.find()) {
            ours(emitter.group(1)).forEach(t -> add(t, where));
        }
    }

    private void analyseBody(ClassNode node, MethodNode method, Set<ParamSink> paramSinks) {
        if (method.instructions.size() == 0) {
            return;
        }
        List<int[]> sinkCalls = new ArrayList<>();
        AbstractInsnNode[] insns = method.instructions.toArray();
        for (int i = 0; i < insns.length; i++) {
            if (insns[i] instanceof MethodInsnNode call) {
                boolean library = SINK_OWNERS.entrySet().stream().anyMatch(sink -> call.owner.startsWith(sink.getKey())
                        && (sink.getValue().isEmpty() || sink.getValue().contains(call.name)));
                Type[] args = Type.getArgumentTypes(call.desc);
                for (int a = 0; a < args.length; a++) {
                    boolean objectOrClass = args[a].getDescriptor().equals("Ljava/lang/Object;")
                            || args[a].getDescriptor().equals("Ljava/lang/Class;");
                    if ((library && objectOrClass)
                            || paramSinks.contains(new ParamSink(call.owner, call.name, call.desc, a))) {
                        sinkCalls.add(new int[] {i, a, args.length});
                    }
                }
            }
        }
        if (sinkCalls.isEmpty()) {
            return;
        }
        Frame<BasicValue>[] types;
        Frame<SourceValue>[] sources;
        try {
            SimpleVerifier verifier = new SimpleVerifier(Opcodes.ASM9, Type.getObjectType(node.name),
                    node.superName == null ? null : Type.getObjectType(node.superName),
                    node.interfaces.stream().map(Type::getObjectType).toList(),
                    (node.access & Opcodes.ACC_INTERFACE) != 0) {
            };
            verifier.setClassLoader(loader);
            types = new Analyzer<>(verifier).analyze(node.name, method);
            sources = new Analyzer<>(new SourceInterpreter()).analyze(node.name, method);
        } catch (AnalyzerException | RuntimeException | LinkageError e) {
            unknown.add(where(node, method) + ": not analysable (" + e + ")");
            return;
        }
        for (int[] sink : sinkCalls) {
            int at = sink[0];
            if (types[at] == null) {
                continue; // unreachable code
            }
            int stackIndex = types[at].getStackSize() - sink[2] + sink[1];
            BasicValue value = types[at].getStack(stackIndex);
            SourceValue source = sources[at].getStack(stackIndex);
            resolve(node, method, insns, at, value, source, paramSinks);
        }
    }

    private void resolve(ClassNode node, MethodNode method, AbstractInsnNode[] insns, int at, BasicValue value,
            SourceValue source, Set<ParamSink> paramSinks) {
        String where = where(node, method);
        Type type = value.getType();
        Set<String> found = new TreeSet<>();
        if (type != null && type.getSort() == Type.OBJECT && type.getInternalName().startsWith(prefix)) {
            found.add(type.getInternalName());
        }
        if (type != null && type.getSort() == Type.ARRAY && type.getElementType().getSort() == Type.OBJECT
                && type.getElementType().getInternalName().startsWith(prefix)) {
            found.add(type.getElementType().getInternalName());
        }
        boolean objectTyped = type == null || type.getDescriptor().equals("Ljava/lang/Object;");
        boolean classTyped = type != null && type.getDescriptor().equals("Ljava/lang/Class;");
        boolean fromParameter = false;
        for (AbstractInsnNode from : source.insns) {
            if (from instanceof LdcInsnNode ldc && ldc.cst instanceof Type literal) {
                Type element = literal.getSort() == Type.ARRAY ? literal.getElementType() : literal;
                if (element.getSort() == Type.OBJECT && element.getInternalName().startsWith(prefix)) {
                    found.add(element.getInternalName());
                }
                classTyped = false;
            } else if (from instanceof MethodInsnNode call) {
                String signature = calleeSignature(call);
                ours(signature.substring(signature.lastIndexOf(')') + 1)).forEach(found::add);
            } else if (from instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD) {
                int pc = method.instructions.indexOf(load);
                for (LocalVariableNode local : method.localVariables == null ? List.<LocalVariableNode>of()
                        : method.localVariables) {
                    if (local.index == load.var && local.signature != null
                            && method.instructions.indexOf(local.start) <= pc
                            && pc < method.instructions.indexOf(local.end)) {
                        ours(local.signature).forEach(found::add);
                    }
                }
                int parameter = parameterIndex(method, load.var);
                if (parameter >= 0 && objectTyped && found.isEmpty()) {
                    paramSinks.add(new ParamSink(node.name, method.name, method.desc, parameter));
                    fromParameter = true;
                }
            }
        }
        found.forEach(t -> add(t, where));
        if (found.isEmpty() && !fromParameter && (objectTyped || classTyped) && !constantNull(source)) {
            unknown.add(where + ": argument of " + ((MethodInsnNode) insns[at]).owner + "."
                    + ((MethodInsnNode) insns[at]).name);
        }
    }

    private static boolean constantNull(SourceValue source) {
        return !source.insns.isEmpty()
                && source.insns.stream().allMatch(i -> i.getOpcode() == Opcodes.ACONST_NULL);
    }

    /** Index of the declared parameter stored in local slot {@code slot}, or -1. */
    private static int parameterIndex(MethodNode method, int slot) {
        int next = (method.access & Opcodes.ACC_STATIC) != 0 ? 0 : 1;
        Type[] params = Type.getArgumentTypes(method.desc);
        for (int i = 0; i < params.length; i++) {
            if (next == slot) {
                return i;
            }
            next += params[i].getSize();
        }
        return -1;
    }

    private String calleeSignature(MethodInsnNode call) {
        ClassNode owner = classes.get(call.owner);
        if (owner != null) {
            for (MethodNode m : owner.methods) {
                if (m.name.equals(call.name) && m.desc.equals(call.desc)) {
                    return m.signature != null ? m.signature : m.desc;
                }
            }
        }
        Type returned = Type.getReturnType(call.desc);
        return returned.getDescriptor();
    }

    /** Adds what the serialised types are made of: record components, fields, superclasses. */
    private void expand() {
        Deque<String> work = new ArrayDeque<>(serialised.keySet());
        Set<String> seen = new HashSet<>(work);
        while (!work.isEmpty()) {
            String name = work.pop();
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                unknown.add(name + ": not loadable (" + e + ")");
                continue;
            }
            List<java.lang.reflect.Type> parts = new ArrayList<>();
            if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    parts.add(component.getGenericType());
                }
            } else if (!type.isEnum()) {
                for (Class<?> c = type; c != null && c.getName().startsWith(prefix.replace('/', '.')); c = c.getSuperclass()) {
                    for (Field field : c.getDeclaredFields()) {
                        if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
                            parts.add(field.getGenericType());
                        }
                    }
                    parts.add(c.getGenericSuperclass());
                }
            }
            for (java.lang.reflect.Type part : parts) {
                for (String inner : oursIn(part)) {
                    add(inner, name);
                    if (seen.add(inner)) {
                        work.push(inner);
                    }
                }
            }
        }
    }

    private Set<String> oursIn(java.lang.reflect.Type type) {
        Set<String> out = new TreeSet<>();
        Deque<java.lang.reflect.Type> work = new ArrayDeque<>();
        if (type != null) {
            work.push(type);
        }
        while (!work.isEmpty()) {
            java.lang.reflect.Type t = work.pop();
            if (t instanceof Class<?> c) {
                Class<?> element = c;
                while (element.isArray()) {
                    element = element.getComponentType();
                }
                if (element.getName().startsWith(prefix.replace('/', '.'))) {
                    out.add(element.getName());
                }
            } else if (t instanceof ParameterizedType p) {
                work.push(p.getRawType());
                for (java.lang.reflect.Type arg : p.getActualTypeArguments()) {
                    work.push(arg);
                }
            } else if (t instanceof GenericArrayType g) {
                work.push(g.getGenericComponentType());
            } else if (t instanceof WildcardType w) {
                for (java.lang.reflect.Type bound : w.getUpperBounds()) {
                    work.push(bound);
                }
            }
        }
        return out;
    }

    private List<String> ours(String signature) {
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

    private void add(String type, String where) {
        serialised.computeIfAbsent(type.replace('/', '.'), t -> new TreeSet<>()).add(where);
    }

    private static String where(ClassNode node, MethodNode method) {
        return node.name.replace('/', '.') + "." + method.name;
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
