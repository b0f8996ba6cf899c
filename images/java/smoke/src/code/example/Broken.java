package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** Its static initialiser throws: an init error. */
public class Broken implements RequestHandler<String, String> {
    static {
        if (Boolean.parseBoolean("true")) {
            throw new IllegalStateException("static init failed");
        }
    }

    @Override
    public String handleRequest(String input, Context context) {
        return input;
    }
}
