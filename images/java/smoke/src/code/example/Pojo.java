package example;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/** POJO handler: Jackson bean mapping in and out, a class from a layer jar (/opt/java/lib/greeter.jar). */
public class Pojo implements RequestHandler<Pojo.Input, Pojo.Output> {
    public static class Input {
        private String name;
        private int count;
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public int getCount() { return count; }
        public void setCount(int count) { this.count = count; }
    }

    public static class Output {
        public String message;
        public int count;
        public String requestId;
        public String functionName;
        public int memory;
        public boolean remainingPositive;
        public String nothing; // null: left out of the JSON
    }

    @Override
    public Output handleRequest(Input input, Context context) {
        context.getLogger().log("pojo handler for " + input.getName() + "\n");
        System.out.println("plain println line");
        Output out = new Output();
        out.message = layerlib.Greeter.greet(input.getName());
        out.count = input.getCount() * 2;
        out.requestId = context.getAwsRequestId();
        out.functionName = context.getFunctionName();
        out.memory = context.getMemoryLimitInMB();
        out.remainingPositive = context.getRemainingTimeInMillis() > 0;
        return out;
    }
}
