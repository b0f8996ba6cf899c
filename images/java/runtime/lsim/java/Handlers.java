package lsim.java;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Resolves _HANDLER into something callable, with the Java runtime's rules and fault wording. */
final class Handlers {
    private Handlers() {
    }

    /** One invocation: raw event in, raw response out. */
    interface Invoker {
        byte[] call(byte[] event, Context context) throws Throwable;
    }

    /** A handler that could not be loaded: every invoke reports the fault. */
    static Invoker failing(Fault fault) {
        return (event, context) -> {
            throw fault;
        };
    }

    static Invoker load(String handler, ClassLoader loader, Json json) {
        int sep = handler.lastIndexOf("::");
        String className = sep < 0 ? handler : handler.substring(0, sep);
        String methodName = sep < 0 ? null : handler.substring(sep + 2);
        if (className.isEmpty() || (methodName != null && methodName.isEmpty())) {
            return failing(Fault.of("Invalid handler: `" + handler + "'"));
        }
        Class<?> cls;
        try {
            cls = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            return failing(new Fault("Class not found: " + className, e.getClass().getName(), Fault.trace(e), false));
        } catch (NoClassDefFoundError e) {
            return failing(loadingFault(e, className, false));
        } catch (Throwable t) { // static initialiser failed: an init error
            throw loadingFault(t, className, true);
        }
        try {
            return methodName == null ? forInterface(cls, json) : forMethod(cls, methodName, json);
        } catch (Fault f) {
            if (f.fatal) {
                throw f; // the user's constructor threw: an init error
            }
            return failing(f);
        }
    }

    private static Fault loadingFault(Throwable t, String className, boolean fatal) {
        return new Fault("Error loading class " + className + (t.getMessage() == null ? "" : ": " + t.getMessage()),
                t.getClass().getName(), Fault.trace(t), fatal);
    }

    // ---- package.Class (RequestHandler / RequestStreamHandler)

    private static Invoker forInterface(Class<?> cls, Json json) {
        if (RequestStreamHandler.class.isAssignableFrom(cls)) {
            RequestStreamHandler h = (RequestStreamHandler) instantiate(cls);
            return (event, context) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                h.handleRequest(new ByteArrayInputStream(event), out, context);
                return out.toByteArray();
            };
        }
        if (RequestHandler.class.isAssignableFrom(cls)) {
            Type[] args = Generics.resolve(cls, RequestHandler.class);
            if (args == null) {
                return failing(Fault.of("Class " + cls.getName()
                        + " does not implement RequestHandler with concrete type parameters"));
            }
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof TypeVariable) {
                    Type bound = Generics.bound((TypeVariable<?>) args[i]);
                    if (bound == null) {
                        return failing(Fault.of("Class " + cls.getName()
                                + " does not implement RequestHandler with concrete type parameters: parameter "
                                + args[i] + " has no upper bound."));
                    }
                    args[i] = bound;
                }
            }
            @SuppressWarnings("unchecked")
            RequestHandler<Object, Object> h = (RequestHandler<Object, Object>) instantiate(cls);
            Type in = args[0];
            Type out = Generics.isVoid(args[1]) ? null : args[1];
            return (event, context) -> {
                Object input = json.read(event, in);
                Object result;
                try {
                    result = h.handleRequest(input, context);
                } catch (Throwable t) {
                    throw Fault.filter(t);
                }
                return out == null ? Json.NULL : json.write(result, out);
            };
        }
        return failing(Fault.of("Class does not implement an appropriate handler interface: " + cls.getName()));
    }

    /** A fault thrown by the user's constructor is fatal (init error); a missing constructor is not. */
    private static Object instantiate(Class<?> cls) {
        Constructor<?> ctor;
        try {
            ctor = cls.getConstructor();
        } catch (NoSuchMethodException e) {
            String why = cls.getEnclosingClass() != null && !Modifier.isStatic(cls.getModifiers())
                    ? "Class " + cls.getName() + " cannot be instantiated because it is a non-static inner class"
                    : "Class " + cls.getName() + " has no public zero-argument constructor";
            throw Fault.of(new Exception(why, e), false);
        }
        try {
            return ctor.newInstance();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw Fault.of(cause, true);
        } catch (ReflectiveOperationException e) {
            throw Fault.of(e, false);
        }
    }

    // ---- package.Class::method

    private static final Comparator<Method> PRIORITY = (a, b) -> {
        if (a.isBridge() != b.isBridge()) {
            return a.isBridge() ? 1 : -1; // real methods before bridges
        }
        return Integer.compare(weight(b), weight(a)); // longer signatures first; a trailing Context counts double
    };

    private static int weight(Method m) {
        Class<?>[] p = m.getParameterTypes();
        return p.length + (p.length > 0 && p[p.length - 1] == Context.class ? 1 : 0);
    }

    private static Invoker forMethod(Class<?> cls, String name, Json json) {
        List<Method> candidates = new ArrayList<>();
        try {
            for (Method m : cls.getMethods()) {
                if (m.getName().equals(name)) {
                    candidates.add(m);
                }
            }
        } catch (NoClassDefFoundError e) {
            return failing(new Fault("Error loading method " + name + " on class " + cls.getName(),
                    e.getClass().getName(), Fault.trace(e), false));
        }
        candidates.sort(PRIORITY);
        for (Method m : candidates) {
            Invoker inv = forSignature(cls, m, json);
            if (inv != null) {
                return inv;
            }
        }
        return failing(Fault.of("No public method named " + name
                + " with appropriate method signature found on class " + cls.getName()));
    }

    private enum Arg { EVENT, INPUT, OUTPUT, CONTEXT }

    /**
     * The handler signatures Lambda's Java runtime accepts, anything else is skipped: (), (X), (X, Context),
     * (Context), (InputStream), (OutputStream), (InputStream, OutputStream), (InputStream, Context),
     * (OutputStream, Context), (InputStream, OutputStream, Context), where X is not a stream or a Context.
     */
    private static List<Arg> shapeOf(Type[] p) {
        List<Arg> shape = new ArrayList<>();
        if (p.length == 0) {
            return shape;
        }
        if (p.length == 1) {
            shape.add(p[0] == InputStream.class ? Arg.INPUT : p[0] == OutputStream.class ? Arg.OUTPUT
                    : p[0] == Context.class ? Arg.CONTEXT : Arg.EVENT);
            return shape;
        }
        if (p.length == 2) {
            if (p[0] == OutputStream.class && p[1] == Context.class) {
                shape.add(Arg.OUTPUT);
            } else if (p[0] == InputStream.class && (p[1] == OutputStream.class || p[1] == Context.class)) {
                shape.add(Arg.INPUT);
                if (p[1] == OutputStream.class) {
                    shape.add(Arg.OUTPUT);
                    return shape;
                }
            } else if (p[0] != Context.class && p[0] != InputStream.class && p[0] != OutputStream.class
                    && p[1] == Context.class) {
                shape.add(Arg.EVENT);
            } else {
                return null;
            }
            shape.add(Arg.CONTEXT);
            return shape;
        }
        if (p.length == 3 && p[0] == InputStream.class && p[1] == OutputStream.class && p[2] == Context.class) {
            shape.add(Arg.INPUT);
            shape.add(Arg.OUTPUT);
            shape.add(Arg.CONTEXT);
            return shape;
        }
        return null;
    }

    private static Invoker forSignature(Class<?> cls, Method m, Json json) {
        Type[] p = m.getGenericParameterTypes();
        List<Arg> shape = shapeOf(p);
        if (shape == null) {
            return null; // not a handler signature: try the next overload
        }
        Type eventType = shape.contains(Arg.EVENT) ? p[0] : null;
        boolean stream = shape.contains(Arg.INPUT) || shape.contains(Arg.OUTPUT);
        Object instance = Modifier.isStatic(m.getModifiers()) ? null : instantiate(cls);
        Type returned = m.getGenericReturnType();
        Type in = eventType;
        Type out = stream || Generics.isVoid(returned) ? null : returned;
        return (event, context) -> {
            Object[] args = new Object[shape.size()];
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            for (int i = 0; i < args.length; i++) {
                switch (shape.get(i)) {
                    case EVENT: args[i] = json.read(event, in); break;
                    case INPUT: args[i] = new ByteArrayInputStream(event); break;
                    case OUTPUT: args[i] = sink; break;
                    default: args[i] = context; break;
                }
            }
            Object result;
            try {
                result = m.invoke(instance, args);
            } catch (InvocationTargetException e) {
                throw Fault.filter(e.getCause() == null ? e : e.getCause());
            }
            if (stream) {
                return sink.toByteArray();
            }
            return out == null ? Json.NULL : json.write(result, out);
        };
    }

    /** Generic type arguments of an interface as seen from a concrete class. */
    static final class Generics {
        private Generics() {
        }

        static boolean isVoid(Type t) {
            return t == void.class || t == Void.class;
        }

        static Type bound(TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                if (b != Object.class) {
                    return b;
                }
            }
            return null;
        }

        static Type[] resolve(Class<?> cls, Class<?> iface) {
            return walk(cls, iface, new HashMap<>());
        }

        private static Type[] walk(Type type, Class<?> iface, Map<TypeVariable<?>, Type> bindings) {
            Class<?> raw;
            Map<TypeVariable<?>, Type> local = new HashMap<>(bindings);
            if (type instanceof ParameterizedType) {
                ParameterizedType pt = (ParameterizedType) type;
                raw = (Class<?>) pt.getRawType();
                TypeVariable<?>[] vars = raw.getTypeParameters();
                Type[] actual = pt.getActualTypeArguments();
                for (int i = 0; i < vars.length && i < actual.length; i++) {
                    local.put(vars[i], substitute(actual[i], bindings));
                }
                if (raw == iface) {
                    Type[] out = new Type[vars.length];
                    for (int i = 0; i < vars.length; i++) {
                        out[i] = local.get(vars[i]);
                    }
                    return out;
                }
            } else if (type instanceof Class) {
                raw = (Class<?>) type;
                if (raw == iface) {
                    return null; // raw use of the interface: no concrete parameters
                }
            } else {
                return null;
            }
            for (Type t : raw.getGenericInterfaces()) {
                if (t instanceof ParameterizedType ? iface.isAssignableFrom((Class<?>) ((ParameterizedType) t).getRawType())
                        : t instanceof Class && iface.isAssignableFrom((Class<?>) t)) {
                    return walk(t, iface, local);
                }
            }
            Type sup = raw.getGenericSuperclass();
            return sup == null ? null : walk(sup, iface, local);
        }

        private static Type substitute(Type t, Map<TypeVariable<?>, Type> bindings) {
            if (t instanceof TypeVariable && bindings.containsKey(t)) {
                return bindings.get(t);
            }
            return t;
        }
    }
}
