package lsim.java;

import com.amazonaws.services.lambda.runtime.Client;
import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** The Context handed to handlers. */
final class ContextImpl implements Context {
    private static final ObjectMapper PLAIN = new ObjectMapper();

    private final String requestId;
    private final long deadlineMs;
    private final String arn;
    private final String traceId;
    private final String tenantId;
    private final CognitoIdentity identity;
    private final ClientContext clientContext;

    ContextImpl(RuntimeApi.Invocation inv) {
        this.requestId = inv.requestId;
        long deadline;
        try {
            deadline = Long.parseLong(inv.header("Lambda-Runtime-Deadline-Ms"));
        } catch (RuntimeException e) {
            deadline = 0;
        }
        this.deadlineMs = deadline;
        this.arn = inv.header("Lambda-Runtime-Invoked-Function-Arn");
        this.traceId = inv.header("Lambda-Runtime-Trace-Id");
        this.tenantId = inv.header("Lambda-Runtime-Aws-Tenant-Id");
        this.identity = identity(inv.header("Lambda-Runtime-Cognito-Identity"));
        this.clientContext = clientContext(inv.header("Lambda-Runtime-Client-Context"));
    }

    @Override public String getAwsRequestId() { return requestId; }
    @Override public String getLogGroupName() { return System.getenv("AWS_LAMBDA_LOG_GROUP_NAME"); }
    @Override public String getLogStreamName() { return System.getenv("AWS_LAMBDA_LOG_STREAM_NAME"); }
    @Override public String getFunctionName() { return System.getenv("AWS_LAMBDA_FUNCTION_NAME"); }
    @Override public String getFunctionVersion() { return System.getenv("AWS_LAMBDA_FUNCTION_VERSION"); }
    @Override public String getInvokedFunctionArn() { return arn; }
    @Override public CognitoIdentity getIdentity() { return identity; }
    @Override public ClientContext getClientContext() { return clientContext; }
    @Override public LambdaLogger getLogger() { return LambdaRuntime.getLogger(); }
    @Override public String getTenantId() { return tenantId; }
    @Override public String getXrayTraceId() { return traceId; }

    @Override
    public int getRemainingTimeInMillis() {
        long left = deadlineMs - System.currentTimeMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int getMemoryLimitInMB() {
        try {
            return Integer.parseInt(System.getenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE"));
        } catch (RuntimeException e) {
            return 128;
        }
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            JsonNode n = PLAIN.readTree(json);
            return n != null && n.isObject() ? n : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> strings(JsonNode n) {
        if (n == null || !n.isObject()) {
            return null;
        }
        Map<String, String> m = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
        }
        return m;
    }

    private static CognitoIdentity identity(String json) {
        JsonNode n = parse(json);
        if (n == null) {
            return null;
        }
        String id = text(n, "cognitoIdentityId");
        String pool = text(n, "cognitoIdentityPoolId");
        return new CognitoIdentity() {
            @Override public String getIdentityId() { return id; }
            @Override public String getIdentityPoolId() { return pool; }
        };
    }

    private static ClientContext clientContext(String json) {
        JsonNode n = parse(json);
        if (n == null) {
            return null;
        }
        JsonNode c = n.get("client");
        Client client = c == null || !c.isObject() ? null : new Client() {
            @Override public String getAppTitle() { return first(c, "app_title", "appTitle"); }
            @Override public String getAppVersionName() { return first(c, "app_version_name", "appVersionName"); }
            @Override public String getAppVersionCode() { return first(c, "app_version_code", "appVersionCode"); }
            @Override public String getAppPackageName() { return first(c, "app_package_name", "appPackageName"); }
        };
        Map<String, String> custom = strings(n.get("custom"));
        Map<String, String> env = strings(n.get("env"));
        Map<String, String> envView = env == null ? null : Collections.unmodifiableMap(env);
        return new ClientContext() {
            @Override public Client getClient() { return client; }
            @Override public Map<String, String> getCustom() { return custom; }
            @Override public Map<String, String> getEnvironment() { return envView; }
        };
    }

    private static String first(JsonNode n, String a, String b) {
        String v = text(n, a);
        return v != null ? v : text(n, b);
    }
}
