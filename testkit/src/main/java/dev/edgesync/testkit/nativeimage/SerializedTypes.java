package dev.edgesync.testkit.nativeimage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.MethodNode;

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
    private static final Set<String> SIGNATURE_ANNOTATIONS = Set.of(
            "Ljakarta/ws/rs/GET;", "Ljakarta/ws/rs/POST;", "Ljakarta/ws/rs/PUT;", "Ljakarta/ws/rs/DELETE;",
            "Ljakarta/ws/rs/PATCH;", "Ljakarta/ws/rs/HEAD;", "Lio/quarkus/vertx/web/Route;",
            "Lorg/eclipse/microprofile/reactive/messaging/Incoming;",
            "Lorg/eclipse/microprofile/reactive/messaging/Outgoing;");
    private static final Pattern EMITTER = Pattern.compile(
            "L(?:org/eclipse/microprofile/reactive/messaging/Emitter|io/smallrye/reactive/messaging/MutinyEmitter)<([^>]*)>");

    private final OurTypes ours;
    private final ClassLoader loader;
    private final Map<String, ClassNode> classes = new TreeMap<>();
    private final Findings findings = new Findings();

    private SerializedTypes(String prefix, ClassLoader loader) {
        this.ours = new OurTypes(prefix);
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
        return findings.serialised;
    }

    /** Places where a value reaches Jackson but its type could not be determined statically. */
    public Set<String> unknown() {
        return findings.unknown;
    }

    /** Serialised types that no {@code @RegisterForReflection} in the scanned classes registers. */
    public Map<String, Set<String>> unregistered() {
        Set<String> registered = registered();
        Map<String, Set<String>> missing = new TreeMap<>();
        findings.serialised.forEach((type, where) -> {
            if (!registered.contains(type)) {
                missing.put(type, where);
            }
        });
        return missing;
    }

    /** Types registered by an annotation: on the type itself, in {@code targets}/{@code classNames}, or nested in one. */
    public Set<String> registered() {
        return ReflectionRegistrations.registered(classes.values(), findings.serialised.keySet());
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

    private void analyse() {
        SinkArguments sinks = new SinkArguments(classes, ours, loader, findings);
        Set<SinkArguments.ParamSink> paramSinks = new HashSet<>();
        int before;
        do {
            before = paramSinks.size();
            for (ClassNode node : classes.values()) {
                for (MethodNode method : node.methods) {
                    sinks.analyse(node, method, paramSinks);
                }
            }
        } while (paramSinks.size() != before);
        for (ClassNode node : classes.values()) {
            for (MethodNode method : node.methods) {
                boolean signatureSerialised = method.visibleAnnotations != null && method.visibleAnnotations.stream()
                        .anyMatch(a -> SIGNATURE_ANNOTATIONS.contains(a.desc));
                String signature = method.signature != null ? method.signature : method.desc;
                if (signatureSerialised) {
                    ours.inSignature(signature).forEach(t -> findings.add(t, Findings.where(node, method)));
                }
                emitted(signature, Findings.where(node, method));
            }
            for (FieldNode field : node.fields) {
                emitted(field.signature, node.name.replace('/', '.') + "." + field.name);
            }
        }
        TypeParts.expand(findings, ours, loader);
    }

    private void emitted(String signature, String where) {
        if (signature == null) {
            return;
        }
        Matcher emitter = EMITTER.matcher(signature);
        while (emitter.find()) {
            ours.inSignature(emitter.group(1)).forEach(t -> findings.add(t, where));
        }
    }
}
