package lsim.java;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Minimal client of the Lambda Runtime API 2018-06-01. */
final class RuntimeApi {
    static final class Invocation {
        final String requestId;
        final Map<String, String> headers; // case-insensitive
        final byte[] body;

        Invocation(String requestId, Map<String, String> headers, byte[] body) {
            this.requestId = requestId;
            this.headers = headers;
            this.body = body;
        }

        String header(String name) {
            String v = headers.get(name);
            return v == null || v.isEmpty() ? null : v;
        }
    }

    private final String base;
    private final String userAgent;

    RuntimeApi(String address) {
        this.base = "http://" + address + "/2018-06-01/runtime";
        this.userAgent = "aws-lambda-java/" + System.getProperty("java.vendor.version", "") + "-lsim";
    }

    Invocation next() throws IOException {
        HttpURLConnection c = open(base + "/invocation/next");
        c.setRequestMethod("GET");
        c.setReadTimeout(0); // blocks until an event arrives: no client timeout
        int status = c.getResponseCode();
        if (status != 200) {
            drain(c);
            throw new IOException("Received " + status + " when waiting for next invocation.");
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (Map.Entry<String, List<String>> e : c.getHeaderFields().entrySet()) {
            if (e.getKey() != null && !e.getValue().isEmpty()) {
                headers.put(e.getKey(), e.getValue().get(0));
            }
        }
        byte[] body;
        try (InputStream in = c.getInputStream()) {
            body = in.readAllBytes();
        }
        return new Invocation(headers.get("Lambda-Runtime-Aws-Request-Id"), headers, body);
    }

    void respond(String requestId, byte[] payload) throws IOException {
        post(base + "/invocation/" + requestId + "/response", payload, null);
    }

    void invocationError(String requestId, byte[] errorJson, String errorType) throws IOException {
        post(base + "/invocation/" + requestId + "/error", errorJson, errorType);
    }

    void initError(byte[] errorJson, String errorType) throws IOException {
        post(base + "/init/error", errorJson, errorType);
    }

    private void post(String url, byte[] payload, String errorType) throws IOException {
        HttpURLConnection c = open(url);
        c.setRequestMethod("POST");
        c.setRequestProperty("Content-Type", "application/json");
        if (errorType != null && !errorType.isEmpty()) {
            c.setRequestProperty("Lambda-Runtime-Function-Error-Type", errorType);
        }
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(payload.length);
        try (OutputStream out = c.getOutputStream()) {
            out.write(payload);
        }
        int status = c.getResponseCode();
        drain(c);
        if (status != 202) {
            throw new IOException("Runtime API answered " + status + " to POST " + url);
        }
    }

    private HttpURLConnection open(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestProperty("User-Agent", userAgent);
        c.setUseCaches(false);
        return c;
    }

    private static void drain(HttpURLConnection c) {
        InputStream in;
        try {
            in = c.getInputStream();
        } catch (IOException e) {
            in = c.getErrorStream();
        }
        if (in == null) {
            return;
        }
        try (InputStream s = in) {
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            s.transferTo(sink);
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
