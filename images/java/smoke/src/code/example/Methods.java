package example;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/** Handlers named Class::method. */
public class Methods {
    public String hello(String name) {
        return "hello " + name;
    }

    public Map<String, Object> map(Map<String, Object> in, Context context) {
        Map<String, Object> out = new LinkedHashMap<>(in);
        out.put("version", context.getFunctionVersion());
        out.put("arn", context.getInvokedFunctionArn());
        out.put("trace", System.getProperty("com.amazonaws.xray.traceHeader"));
        return out;
    }

    public static int twice(int n) {
        return n * 2;
    }

    public String boom(Map<String, Object> in) {
        throw new IllegalStateException("smoke boom");
    }

    /** Which classes the function can see: layer jar yes, loose layer classes and the runtime's Jackson no. */
    public Map<String, String> visibility(Map<String, Object> in) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : new String[] {"layerlib.Greeter", "looseclass.Loose",
                "com.fasterxml.jackson.databind.ObjectMapper", "lsim.java.Main",
                "com.amazonaws.services.lambda.runtime.RequestHandler"}) {
            try {
                Class.forName(name, false, Methods.class.getClassLoader());
                out.put(name, "found");
            } catch (ClassNotFoundException e) {
                out.put(name, "not found");
            }
        }
        return out;
    }
}
