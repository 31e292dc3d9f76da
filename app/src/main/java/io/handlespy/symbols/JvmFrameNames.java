package io.handlespy.symbols;

/**
 * Frame names for code a JVM generated, from the names its perf map gives
 * ({@code jcmd PID Compiler.perfmap}): a compiled method or native-method wrapper
 * ({@code "void java.io.FileInputStream.open0(java.lang.String)"}) becomes
 * {@code java.io.FileInputStream.open0}; the interpreter, which runs every
 * interpreted method, says nothing of the method and becomes {@value #INTERPRETED};
 * anything else (stubs, adapters) keeps its name in brackets.
 */
public final class JvmFrameNames {
    public static final String INTERPRETED = "[interpreted Java]";

    private JvmFrameNames() {}

    public static String frameName(String perfMapName) {
        String name = perfMapName.strip();
        if (name.equals("Interpreter")) return INTERPRETED;
        int params = name.indexOf('(');
        if (params > 0 && name.endsWith(")")) {
            String qualified = name.substring(0, params);
            // "<return type> <class>.<method>"; a return type has no spaces
            String method = qualified.substring(qualified.lastIndexOf(' ') + 1);
            if (method.lastIndexOf('.') > 0) return method;
        }
        return "[JVM " + name + "]";
    }
}
