/**
 * A family's runtime (the files of images/<family>/) run on the host against lsim's real Runtime API
 * server, for the bootstrap contract suite (test/unit/bootstrap-contract.test.ts): no Docker, loopback
 * only. Between the runtime and the server sits a recording relay, so the suite can check what the
 * runtime sent (paths, content types, error-type headers), not only what the server made of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeApiServer } from '../../src/runtime-api/runtime-api-server.js';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

/** Forwards every request to `upstream` unchanged and records it. */
async function startRecordingRelay(upstream: {
  host: string;
  port: number;
}): Promise<{ server: Server; port: number; requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    const forwarded = request({ ...upstream, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on('error', () => res.destroy());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, requests };
}

export interface HostRuntime {
  readonly api: RuntimeApiServer;
  /** Requests the runtime sent, in order. */
  readonly requests: RecordedRequest[];
  /** Resolves with the exit code (or signal name) once the runtime process ends. */
  readonly exited: Promise<number | string>;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface HostRuntimeOptions {
  readonly command: string;
  readonly args: readonly string[];
  /** Files of the task root (LAMBDA_TASK_ROOT), by name. */
  readonly code: Readonly<Record<string, string>>;
  readonly handler: string;
  readonly env: Readonly<Record<string, string>>;
}

/** Starts the server, the relay and the runtime with a temporary task root holding `code`. */
export async function startHostRuntime(options: HostRuntimeOptions): Promise<HostRuntime> {
  const taskRoot = await mkdtemp(join(tmpdir(), 'lsim-contract-'));
  for (const [name, text] of Object.entries(options.code)) await writeFile(join(taskRoot, name), text);
  const api = new RuntimeApiServer();
  const upstream = await api.listen('127.0.0.1');
  const relay = await startRecordingRelay(upstream);
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: taskRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Only what Lambda's platform gives a runtime (docs/lambda-facts.md#environment-defaults), with the
    // task root moved to the temporary folder: nothing of the host's environment leaks in but PATH.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      AWS_LAMBDA_RUNTIME_API: `127.0.0.1:${relay.port}`,
      LAMBDA_TASK_ROOT: taskRoot,
      _HANDLER: options.handler,
      AWS_LAMBDA_FUNCTION_NAME: 'contract',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '128',
      AWS_REGION: 'us-east-1',
      ...options.env,
    },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    api,
    requests: relay.requests,
    exited,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      await api.close();
      relay.server.closeAllConnections();
      await new Promise<void>((resolve) => relay.server.close(() => resolve()));
      await rm(taskRoot, { recursive: true, force: true });
    },
  };
}
