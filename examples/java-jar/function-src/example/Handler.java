package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.example.greeter.Greeter;
import java.util.Map;

public class Handler implements RequestHandler<Map<String, String>, String> {
  @Override
  public String handleRequest(Map<String, String> event, Context context) {
    context.getLogger().log("greeting " + event.get("name"));
    return Greeter.greet(event.getOrDefault("name", "world"));
  }
}
