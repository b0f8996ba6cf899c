package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Stream handler: writes back the raw event, upper-cased. */
public class Stream implements RequestStreamHandler {
    @Override
    public void handleRequest(InputStream in, OutputStream out, Context context) throws IOException {
        String raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        out.write(raw.toUpperCase().getBytes(StandardCharsets.UTF_8));
    }
}
