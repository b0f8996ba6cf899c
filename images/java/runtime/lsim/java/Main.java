package lsim.java;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOError;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.Security;

/**
 * lsim's Java runtime: loads _HANDLER through the customer class loader and serves invocations from the
 * Lambda Runtime API 2018-06-01 (java11, java17, java21 on Debian's OpenJDK 17).
 */
public final class Main {
    private static final String TRACE_PROPERTY = "com.amazonaws.xray.traceHeader";
    private static final String OPT_JAVA = "/opt/java";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream rawOut = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8"));
        System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, "UTF-8"));
        String ttl = System.getenv("AWS_LAMBDA_JAVA_NETWORKADDRESS_CACHE_NEGATIVE_TTL");
        Security.setProperty("networkaddress.cache.negative.ttl", ttl == null ? "1" : ttl);

        LambdaLogger logger = new LambdaLogger() {
            @Override
            public void log(String message) {
                if (message != null) {
                    rawOut.print(message);
                    rawOut.flush();
                }
            }

            @Override
            public void log(byte[] message) {
                if (message != null) {
                    rawOut.write(message, 0, message.length);
                    rawOut.flush();
                }
            }
        };
        installLogger(logger);

        String address = System.getenv("AWS_LAMBDA_RUNTIME_API");
        if (address == null || address.isEmpty()) {
            System.err.println("AWS_LAMBDA_RUNTIME_API is not set");
            System.exit(1);
        }
        RuntimeApi api = new RuntimeApi(address);
        Json json = new Json();
        String handler = args.length > 0 ? args[0] : System.getenv("_HANDLER");
        if (handler == null) {
            handler = "";
        }
        String taskRoot = System.getenv("LAMBDA_TASK_ROOT");
        if (taskRoot == null || taskRoot.isEmpty()) {
            taskRoot = System.getProperty("user.dir");
        }

        ClassLoader customer = new CustomerLoader(
                taskRoot, OPT_JAVA, new CoreOnlyLoader(Main.class.getClassLoader()), CustomerLoader.classFileCeiling(System.getenv("AWS_EXECUTION_ENV")));
        Thread.currentThread().setContextClassLoader(customer);

        Handlers.Invoker invoker;
        try {
            invoker = Handlers.load(handler, customer, json);
        } catch (Fault f) {
            logger.log(f.logText());
            api.initError(json.error(f.msg, f.type, null), f.type);
            System.exit(1);
            return;
        }
        loop(api, json, invoker, logger);
    }

    private static void loop(RuntimeApi api, Json json, Handlers.Invoker invoker, LambdaLogger logger) {
        while (true) {
            RuntimeApi.Invocation inv;
            try {
                inv = api.next();
            } catch (IOException e) {
                System.err.println("lsim java runtime: " + e.getMessage());
                System.exit(1);
                return;
            }
            String trace = inv.header("Lambda-Runtime-Trace-Id");
            if (trace != null) {
                System.setProperty(TRACE_PROPERTY, trace);
            } else {
                System.clearProperty(TRACE_PROPERTY);
            }
            boolean exit = false;
            try {
                byte[] out = invoker.call(inv.body, new ContextImpl(inv));
                api.respond(inv.requestId, out);
                Thread.interrupted(); // clear an interrupt left by the function
            } catch (Fault f) {
                exit = f.fatal;
                logger.log(f.logText());
                post(api, inv.requestId, json.error(f.msg, f.type, null), f.type);
            } catch (Throwable t) {
                exit = t instanceof VirtualMachineError || t instanceof IOError;
                Fault.filter(t);
                String type = t.getClass().getName();
                String message = Fault.messageOf(t);
                StackTraceElement[] frames = t.getStackTrace();
                String[] stack = new String[frames.length];
                for (int i = 0; i < frames.length; i++) {
                    stack[i] = frames[i].toString();
                }
                logger.log(new Fault(message, type, Fault.trace(t), false).logText());
                post(api, inv.requestId, json.error(message, type, stack), type);
            }
            if (exit) {
                System.exit(1);
            }
        }
    }

    private static void post(RuntimeApi api, String requestId, byte[] body, String type) {
        try {
            api.invocationError(requestId, body, type);
        } catch (IOException e) {
            System.err.println("lsim java runtime: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void installLogger(LambdaLogger logger) throws ReflectiveOperationException {
        Field f = LambdaRuntime.class.getDeclaredField("logger");
        f.setAccessible(true);
        f.set(null, logger);
    }
}
