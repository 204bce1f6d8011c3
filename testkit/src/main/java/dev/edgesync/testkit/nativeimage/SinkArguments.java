package dev.edgesync.testkit.nativeimage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
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

/**
 * Data flow in one method body: the values it passes as {@code Object} (or {@code Class}) arguments to a library that
 * hands them to Jackson, or to a parameter already known to reach Jackson, and the types of ours they have.
 */
final class SinkArguments {
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

    /** A method parameter (by index) whose argument reaches Jackson. */
    record ParamSink(String owner, String name, String desc, int index) {
    }

    private final Map<String, ClassNode> classes;
    private final OurTypes ours;
    private final ClassLoader loader;
    private final Findings findings;

    SinkArguments(Map<String, ClassNode> classes, OurTypes ours, ClassLoader loader, Findings findings) {
        this.classes = classes;
        this.ours = ours;
        this.loader = loader;
        this.findings = findings;
    }

    /**
     * Adds to the findings the types of ours that {@code method} passes to a sink; adds to {@code paramSinks} the
     * {@code Object} parameters of {@code method} that it passes on to one.
     */
    void analyse(ClassNode node, MethodNode method, Set<ParamSink> paramSinks) {
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
            findings.unknown.add(Findings.where(node, method) + ": not analysable (" + e + ")");
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
        String where = Findings.where(node, method);
        Type type = value.getType();
        Set<String> found = new TreeSet<>();
        if (type != null && type.getSort() == Type.OBJECT && ours.isOurs(type.getInternalName())) {
            found.add(type.getInternalName());
        }
        if (type != null && type.getSort() == Type.ARRAY && type.getElementType().getSort() == Type.OBJECT
                && ours.isOurs(type.getElementType().getInternalName())) {
            found.add(type.getElementType().getInternalName());
        }
        boolean objectTyped = type == null || type.getDescriptor().equals("Ljava/lang/Object;");
        boolean classTyped = type != null && type.getDescriptor().equals("Ljava/lang/Class;");
        boolean fromParameter = false;
        for (AbstractInsnNode from : source.insns) {
            if (from instanceof LdcInsnNode ldc && ldc.cst instanceof Type literal) {
                Type element = literal.getSort() == Type.ARRAY ? literal.getElementType() : literal;
                if (element.getSort() == Type.OBJECT && ours.isOurs(element.getInternalName())) {
                    found.add(element.getInternalName());
                }
                classTyped = false;
            } else if (from instanceof MethodInsnNode call) {
                String signature = calleeSignature(call);
                found.addAll(ours.inSignature(signature.substring(signature.lastIndexOf(')') + 1)));
            } else if (from instanceof VarInsnNode load && load.getOpcode() == Opcodes.ALOAD) {
                int pc = method.instructions.indexOf(load);
                for (LocalVariableNode local : method.localVariables == null ? List.<LocalVariableNode>of()
                        : method.localVariables) {
                    if (local.index == load.var && local.signature != null
                            && method.instructions.indexOf(local.start) <= pc
                            && pc < method.instructions.indexOf(local.end)) {
                        found.addAll(ours.inSignature(local.signature));
                    }
                }
                int parameter = parameterIndex(method, load.var);
                if (parameter >= 0 && objectTyped && found.isEmpty()) {
                    paramSinks.add(new ParamSink(node.name, method.name, method.desc, parameter));
                    fromParameter = true;
                }
            }
        }
        found.forEach(t -> findings.add(t, where));
        if (found.isEmpty() && !fromParameter && (objectTyped || classTyped) && !constantNull(source)) {
            findings.unknown.add(where + ": argument of " + ((MethodInsnNode) insns[at]).owner + "."
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
}
