import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDir, fixtureZip, invokeAdHoc, platformLines, type TreeSpec } from '../helpers/invoke-helpers.js';
import { LsimHome } from '../helpers/lsim-home.js';

/**
 * The Telemetry and Logs APIs end to end on python3.12: a layer's extensions register, subscribe during
 * init, listen on sandbox.localdomain inside the container, and print what they receive, which lands in
 * the invoke's log. They are internal extensions (threads of the runtime process, started by the handler
 * module's import, as in-process agents are): registering, subscribing and receiving deliveries are the
 * same for an external one, which needs the Extensions API's launcher of /opt/extensions.
 */
let lsim: LsimHome;
let layerZip: string;
let code: string;

const PROBE = `import json
import os
import sys
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

API = os.environ["AWS_LAMBDA_RUNTIME_API"]
LINE = threading.Lock()


def say(text):
    # Both subscribers' threads print at once, and print() writes a line and its newline apart.
    with LINE:
        sys.stdout.write(text + "\\n")
        sys.stdout.flush()


def call(method, path, body=None, headers=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://{API}{path}", data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def listen(port, label):
    class Handler(BaseHTTPRequestHandler):
        def take(self):
            batch = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            for item in batch:
                record = item["record"]
                if item["type"] == "function":
                    # Its own lines come back as function records too: said once, not echoed forever.
                    if not record.startswith("probe "):
                        say(f"probe {label} function {record}")
                else:
                    say(f"probe {label} {self.command} {item['type']} {json.dumps(record, sort_keys=True)}")
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = take
        do_PUT = take

        def log_message(self, *args):
            pass

    server = HTTPServer(("sandbox.localdomain", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()


def extension(name, path, subscription, port, label):
    listen(port, label)
    headers, _ = call("POST", "/2020-01-01/extension/register", {"events": ["INVOKE"]}, {"Lambda-Extension-Name": name})
    identifier = headers["Lambda-Extension-Identifier"]
    _, answer = call("PUT", path, subscription, {"Lambda-Extension-Identifier": identifier})
    say(f"probe {label} subscribed {answer.decode()}")

    def events():
        while True:
            call("GET", "/2020-01-01/extension/event/next", headers={"Lambda-Extension-Identifier": identifier})

    threading.Thread(target=events, daemon=True).start()


extension(
    "telemetry-probe",
    "/2022-07-01/telemetry",
    {
        "schemaVersion": "2022-12-13",
        "types": ["platform", "function"],
        "buffering": {"timeoutMs": 25},
        "destination": {"protocol": "HTTP", "URI": "http://sandbox.localdomain:4243/telemetry"},
    },
    4243,
    "telemetry",
)
extension(
    "logs-probe",
    "/2020-08-15/logs",
    {
        "schemaVersion": "2021-03-18",
        "types": ["platform", "function"],
        "buffering": {"timeoutMs": 25},
        "destination": {"protocol": "HTTP", "URI": "http://sandbox:4244/lambda_logs", "method": "PUT", "encoding": "JSON"},
    },
    4244,
    "logs",
)
`;

const LAYER: TreeSpec = { 'python/telemetry_probe.py': PROBE };
const CODE: TreeSpec = {
  'app.py': `import telemetry_probe


def handler(event, context):
    print("hello from the handler", flush=True)
    return {"requestId": context.aws_request_id}
`,
};

beforeAll(() => {
  lsim = new LsimHome('lsim-it-telemetry-');
  layerZip = fixtureZip(lsim, 'telemetry-layer', LAYER);
  code = fixtureDir(lsim, 'telemetry-code', CODE);
});

afterEach(() => {
  expect(lsim.leftoverContainers()).toEqual([]);
});

afterAll(() => lsim?.dispose());

/** The records a probe printed: `probe <label> <method> <type> <json>`. */
function received(log: string, label: string): { method: string; type: string; record: Record<string, unknown> }[] {
  const prefix = `probe ${label} `;
  return log
    .split('\n')
    .filter((line) => line.startsWith(prefix) && line.includes(' platform.'))
    .map((line) => {
      const [method = '', type = '', ...json] = line.slice(prefix.length).split(' ');
      return { method, type, record: JSON.parse(json.join(' ')) as Record<string, unknown> };
    });
}

describe('Telemetry API and Logs API subscribers', () => {
  it('get the platform events of the invoke, with the REPORT line figures, and the function log lines', async () => {
    const { result, body, log } = await invokeAdHoc(lsim, { runtime: 'python3.12', handler: 'app.handler', code, layers: [layerZip] });
    expect(result.functionError).toBeUndefined();
    const { requestId } = result;
    expect(body).toEqual({ requestId });
    expect(log).toContain('probe telemetry subscribed "OK"');
    expect(log).toContain('TELEMETRY\tName: telemetry-probe\tState: Subscribed\tTypes: [Platform, Function]');
    expect(log).toContain('LOGS\tName: logs-probe\tState: Subscribed\tTypes: [Platform, Function]');

    const telemetry = received(log, 'telemetry');
    const types = telemetry.map((item) => item.type);
    // Replayed from before the subscription, then in lifecycle order.
    for (const type of [
      'platform.initStart',
      'platform.initRuntimeDone',
      'platform.extension',
      'platform.initReport',
      'platform.start',
      'platform.runtimeDone',
      'platform.report',
    ]) {
      expect(types).toContain(type);
    }
    expect(types.indexOf('platform.initStart')).toBeLessThan(types.indexOf('platform.start'));
    expect(types.indexOf('platform.start')).toBeLessThan(types.indexOf('platform.runtimeDone'));
    expect(types.indexOf('platform.runtimeDone')).toBeLessThan(types.indexOf('platform.report'));
    expect(telemetry.every((item) => item.method === 'POST')).toBe(true);
    const byType = (type: string): Record<string, unknown> | undefined => telemetry.find((item) => item.type === type)?.record;
    expect(byType('platform.initStart')).toMatchObject({ functionName: expect.any(String), instanceMaxMemory: 128 * 1024 * 1024 });
    expect(byType('platform.start')).toMatchObject({ requestId, version: '$LATEST' });
    expect(byType('platform.runtimeDone')).toMatchObject({ requestId, status: 'success' });

    const report = byType('platform.report') as { requestId: string; status: string; metrics: Record<string, number> };
    expect(report).toMatchObject({ requestId, status: 'success' });
    const { metrics } = report;
    const line = platformLines(log, requestId).report;
    expect(line).toContain(`Duration: ${metrics.durationMs?.toFixed(2)} ms`);
    expect(line).toContain(`Billed Duration: ${metrics.billedDurationMs} ms`);
    expect(line).toContain(`Memory Size: ${metrics.memorySizeMB} MB`);
    expect(line).toContain(`Max Memory Used: ${metrics.maxMemoryUsedMB} MB`);
    expect(line).toContain(`Init Duration: ${metrics.initDurationMs?.toFixed(2)} ms`);
    expect(log).toContain('probe telemetry function hello from the handler');

    // The Logs API subscriber: PUT as it asked, its own record set and shapes.
    const logs = received(log, 'logs');
    expect(logs.every((item) => item.method === 'PUT')).toBe(true);
    expect(logs.map((item) => item.type)).not.toContain('platform.initStart');
    expect(logs.find((item) => item.type === 'platform.start')?.record).toEqual({ requestId });
    expect(logs.find((item) => item.type === 'platform.runtimeDone')?.record).toEqual({ requestId, status: 'success' });
    expect(logs.find((item) => item.type === 'platform.end')?.record).toEqual({ requestId });
    expect(logs.find((item) => item.type === 'platform.report')?.record).toEqual({ requestId, metrics });
    expect(log).toContain('probe logs function hello from the handler');
  });
});

/** An external extension file: subscribes for platform and extension records; its listener answers without Content-Length. */
const EXTERNAL_SUBSCRIBER = `#!/usr/bin/env python3
import json, os, sys, threading, urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
api = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"]
def say(text):
    sys.stdout.write(text + "\\n")
    sys.stdout.flush()
class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        for item in json.loads(self.rfile.read(int(self.headers["Content-Length"]))):
            if item["type"] == "platform.report":
                say("ext-sub report " + json.dumps(item["record"], sort_keys=True))
            elif item["type"] == "extension" and not item["record"].startswith("ext-sub "):
                say("ext-sub got extension record " + item["record"])
        # HTTP/1.0 and no Content-Length: the answer ends when the connection closes.
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
threading.Thread(target=HTTPServer(("sandbox.localdomain", 4245), Handler).serve_forever, daemon=True).start()
def call(method, path, body, headers):
    request = urllib.request.Request(api + path, data=None if body is None else json.dumps(body).encode(), method=method, headers=headers)
    with urllib.request.urlopen(request) as answer:
        return answer.headers, answer.read()
headers, _ = call("POST", "/2020-01-01/extension/register", {"events": ["INVOKE", "SHUTDOWN"]}, {"Lambda-Extension-Name": "ext-sub"})
ident = {"Lambda-Extension-Identifier": headers["Lambda-Extension-Identifier"]}
call("PUT", "/2022-07-01/telemetry", {"schemaVersion": "2022-12-13", "types": ["platform", "extension"], "buffering": {"timeoutMs": 25},
     "destination": {"protocol": "HTTP", "URI": "http://sandbox.localdomain:4245/"}}, ident)
say("extension hello")
while True:
    _, event = call("GET", "/2020-01-01/extension/event/next", None, ident)
    if json.loads(event)["eventType"] == "SHUTDOWN":
        break
`;

describe('an external extension subscribed to the Telemetry API', () => {
  it('gets platform.report with the REPORT line figures and its own lines as extension records, shown untagged in the log', async () => {
    const layer = fixtureZip(lsim, 'external-subscriber', { 'extensions/ext-sub': { data: EXTERNAL_SUBSCRIBER, mode: 0o755 } });
    const plain = fixtureDir(lsim, 'plain-code', {
      'app.py': 'def handler(event, context):\n    print("from the handler", flush=True)\n    return 1\n',
    });
    const { result, log } = await invokeAdHoc(lsim, { runtime: 'python3.12', handler: 'app.handler', code: plain, layers: [layer] });
    expect(result.functionError, log).toBeUndefined();
    const lines = log.split('\n');
    expect(lines).toContain('extension hello');
    expect(lines).toContain('ext-sub got extension record extension hello');
    expect(log).not.toContain('ext-sub got extension record from the handler');
    expect(log).not.toContain('\u001e');
    const reportLine = lines.find((line) => line.startsWith('ext-sub report '));
    expect(reportLine, log).toBeDefined();
    const report = JSON.parse(reportLine?.slice('ext-sub report '.length) ?? '{}') as {
      requestId: string;
      metrics: Record<string, number>;
    };
    expect(report.requestId).toBe(result.requestId);
    const line = platformLines(log, result.requestId).report;
    expect(line).toContain(`Duration: ${report.metrics.durationMs?.toFixed(2)} ms`);
    expect(line).toContain(`Billed Duration: ${report.metrics.billedDurationMs} ms`);
    expect(line).toContain(`Max Memory Used: ${report.metrics.maxMemoryUsedMB} MB`);
    expect(line).toContain(`Init Duration: ${report.metrics.initDurationMs?.toFixed(2)} ms`);
  });
});
