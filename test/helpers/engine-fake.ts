import { request } from 'node:http';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ContainerEngine, ContainerExit, ContainerHandle, ContainerSpec } from '../../src/engine/container-engine.js';
import { connect } from 'node:net';
import { OUTPUT_MARKERS_ENV } from '../../src/execution/execution-environment.js';
import { RUNTIME_API_MOUNT } from '../../src/execution/runtime-api-link.js';
import { CLAIM_SOCKET, SANDBOX_ENTRYPOINT } from '../../src/execution/sandbox-claim.js';
import { ENTRY_PATHS, OUTPUT_MARKERS_PROTOCOL } from '../../src/runtime-api/entry-routes.js';

/**
 * An engine for unit tests that speaks only the methods a test gives; any other call throws, naming
 * the code under test, so a test notices when that code starts using more of the engine.
 */
export function engineFake(methods: Partial<ContainerEngine>, user: string): ContainerEngine {
  const unused = (): never => {
    throw new Error(`not used by ${user}`);
  };
  return {
    ping: unused,
    sharesHostFilesystem: unused,
    createContainer: unused,
    createVolume: unused,
    removeVolume: unused,
    listContainers: unused,
    listVolumes: unused,
    removeContainer: unused,
    ensureNetwork: unused,
    importImage: unused,
    buildImage: unused,
    imageExists: unused,
    pullImage: unused,
    ...methods,
  };
}

/** What a scripted runtime sees of its own Runtime API, over the link the container was given. */
export interface RuntimeApiClient {
  /** GET /runtime/invocation/next: the event's request id and body. */
  next(): Promise<{ requestId: string; payload: string; invokedFunctionArn: string }>;
  respond(requestId: string, body: string): Promise<number>;
  fail(requestId: string, errorType: string, message: string): Promise<number>;
  initError(errorType: string, message: string): Promise<number>;
  /** Any request on the same link (the Extensions API, lsim-entry's paths): status, headers and body. */
  raw(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<RawAnswer>;
  /**
   * lsim-entry's output-markers connection, upgraded out of HTTP: `write` gets each marker as it comes and
   * the marker goes back once it returns, until the connection ends.
   */
  markers(write: (marker: string) => void): Promise<void>;
}

export interface RawAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface RuntimeProcess {
  readonly api: RuntimeApiClient;
  /** A line on the container's stdout. */
  print(line: string): void;
  /** The container's environment as created. */
  readonly env: Readonly<Record<string, string>>;
}

/**
 * The process a fake container runs: it talks to the Runtime API as a real runtime does; its
 * returned number is the exit status (a script that never returns runs until killed).
 */
export type RuntimeScript = (process: RuntimeProcess) => Promise<number>;

/** One container the fake created: its spec and what happened to it. */
export interface FakeContainerRecord {
  readonly id: string;
  readonly spec: ContainerSpec;
  started: boolean;
  killed: boolean;
  removed: boolean;
  exit?: ContainerExit;
  /** Memory limits set on the running container (ContainerHandle.updateMemory), in order. */
  readonly memoryUpdates: number[];
  /** A pre-provisioned sandbox's environment as its claim gave it. */
  claimedEnv?: Record<string, string>;
}

/**
 * A container engine in memory, honouring the ContainerEngine contract for what an execution
 * environment uses: a network, containers that start, print, exit (by themselves or killed) and
 * are removed. A container runs `script` in this process, speaking HTTP to the environment's own
 * Runtime API through the unix socket folder (or TCP address) its spec carries, so what is tested
 * is the real lifecycle, link and server with only Docker replaced.
 */
export class ContainerEngineFake {
  readonly containers: FakeContainerRecord[] = [];
  /** Each container's handle by id, for a test to kill one as the engine would. */
  readonly handles = new Map<string, ContainerHandle>();
  /** Peak memory every container reports, in bytes. */
  peakBytes = 64 * 1024 * 1024;
  /** How late the container's output reaches its attach stream (an engine under load), in order. */
  outputDelayMs = 0;

  constructor(private readonly script: RuntimeScript) {}

  get engine(): ContainerEngine {
    return engineFake(
      {
        sharesHostFilesystem: () => Promise.resolve(true),
        ensureNetwork: () => Promise.resolve({ gateway: '127.0.0.1' }),
        createVolume: () => Promise.resolve(),
        createContainer: (spec) => Promise.resolve(this.create(spec)),
      },
      'the execution lifecycle',
    );
  }

  /** Containers not removed yet. */
  get leftOver(): FakeContainerRecord[] {
    return this.containers.filter((container) => !container.removed);
  }

  private create(spec: ContainerSpec): ContainerHandle {
    const record: FakeContainerRecord = {
      id: `fake-${this.containers.length + 1}`,
      spec,
      started: false,
      killed: false,
      removed: false,
      memoryUpdates: [],
    };
    this.containers.push(record);
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const stopped = new AbortController();
    let settle: (exit: ContainerExit) => void = () => undefined;
    const exited = new Promise<ContainerExit>((resolve) => (settle = resolve));
    const stop = (exit: ContainerExit): void => {
      if (record.exit !== undefined) return;
      record.exit = exit;
      stopped.abort();
      stdout.end();
      stderr.end();
      settle(exit);
    };
    const handle: ContainerHandle = {
      id: record.id,
      start: () => {
        record.started = true;
        const api = runtimeApiClient(spec, stopped.signal);
        const write = (stream: PassThrough, text: string): void => {
          if (record.exit !== undefined) return;
          if (this.outputDelayMs === 0) stream.write(text);
          else setTimeout(() => record.exit === undefined && stream.write(text), this.outputDelayMs);
        };
        const print = (line: string): void => write(stdout, `${line}\n`);
        // lsim-entry's output markers: each one it is given, on both streams, after what was written before.
        const startMarkers = (env: Readonly<Record<string, string>>): void => {
          if (env[OUTPUT_MARKERS_ENV] !== '1') return;
          api
            .markers((marker) => {
              write(stdout, `${marker}\n`);
              write(stderr, `${marker}\n`);
            })
            .catch(() => undefined);
        };
        const sandbox = spec.entrypoint?.join('\0') === SANDBOX_ENTRYPOINT.join('\0');
        // A sandbox's wrapper waits for its claim, then the runtime starts with the environment it got.
        const run = sandbox
          ? waitForClaim(spec, stopped.signal).then((claimed) => {
              record.claimedEnv = claimed;
              const env = { ...spec.env, ...claimed };
              startMarkers(env);
              return this.script({ api, print, env });
            })
          : (startMarkers(spec.env), this.script({ api, print, env: spec.env }));
        run.then(
          (exitCode) => stop({ exitCode, oomKilled: false }),
          // A request cut by the kill: the process is gone already.
          () => stop({ exitCode: 137, oomKilled: false }),
        );
        return Promise.resolve();
      },
      attachOutput: () => Promise.resolve({ stdout, stderr }),
      wait: () => exited,
      peakMemoryBytes: () => Promise.resolve(record.exit === undefined ? this.peakBytes : undefined),
      putArchive: () => Promise.reject(new Error('not used by the execution lifecycle')),
      updateMemory: (bytes) => {
        record.memoryUpdates.push(bytes);
        return Promise.resolve();
      },
      kill: () => {
        record.killed = true;
        stop({ exitCode: 137, oomKilled: false });
        return Promise.resolve();
      },
      remove: () => {
        record.removed = true;
        stop({ exitCode: 137, oomKilled: false });
        return Promise.resolve();
      },
    };
    this.handles.set(record.id, handle);
    return handle;
  }
}

/** The sandbox wrapper's side of the claim (sandbox-claim.ts): connect, read the export lines to the end, parse them. */
function waitForClaim(spec: ContainerSpec, signal: AbortSignal): Promise<Record<string, string>> {
  const folder = spec.mounts.find((mount) => mount.target === RUNTIME_API_MOUNT)?.source ?? '';
  return new Promise((resolve, reject) => {
    const socket = connect({ path: join(folder, CLAIM_SOCKET) });
    signal.addEventListener('abort', () => socket.destroy(new Error('killed')), { once: true });
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const env: Record<string, string> = {};
      // Each line is export NAME='value' with ' written as '\'' (a value may span lines).
      for (const match of Buffer.concat(chunks)
        .toString('utf8')
        .matchAll(/^export ([A-Za-z_]\w*)='((?:[^']|'\\'')*)'$/gms)) {
        env[match[1] ?? ''] = (match[2] ?? '').replaceAll("'\\''", "'");
      }
      resolve(env);
    });
  });
}

/** Where the container's Runtime API is, as lsim-entry finds it: the socket in its mounted folder, or TCP. */
function runtimeApiClient(spec: ContainerSpec, signal: AbortSignal): RuntimeApiClient {
  const folder = spec.mounts.find((mount) => mount.target === RUNTIME_API_MOUNT)?.source;
  const upstream = spec.env.LSIM_RUNTIME_API_UPSTREAM ?? spec.env.AWS_LAMBDA_RUNTIME_API;
  const [host, port] = (upstream ?? '').split(':');
  const target = folder !== undefined ? { socketPath: join(folder, 'runtime.sock') } : { host, port: Number(port) };
  const raw = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    new Promise<RawAnswer>((resolve, reject) => {
      const req = request({ ...target, method, path, headers, agent: false, signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  const markers = (write: (marker: string) => void) =>
    new Promise<void>((resolve, reject) => {
      const headers = { Connection: 'Upgrade', Upgrade: OUTPUT_MARKERS_PROTOCOL };
      const req = request({ ...target, method: 'GET', path: ENTRY_PATHS.outputMarkers, headers, agent: false, signal });
      req.on('upgrade', (_res, socket, head) => {
        let pending = '';
        const take = (chunk: string): void => {
          pending += chunk;
          for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
            const marker = pending.slice(0, at);
            pending = pending.slice(at + 1);
            write(marker);
            socket.write(`${marker}\n`);
          }
        };
        socket.setEncoding('utf8');
        socket.on('data', take);
        socket.on('close', () => resolve());
        socket.on('error', reject);
        if (head.length > 0) take(head.toString('utf8'));
      });
      req.on('response', (res) => reject(new Error(`output markers answered ${res.statusCode ?? 0}, not an upgrade`)));
      req.on('error', reject);
      req.end();
    });
  const call = (method: string, path: string, body?: string, headers: Record<string, string> = {}) =>
    raw(method, `/2018-06-01${path}`, body, headers);
  const errorBody = (errorType: string, message: string): string => JSON.stringify({ errorType, errorMessage: message });
  return {
    next: async () => {
      const res = await call('GET', '/runtime/invocation/next');
      const requestId = res.headers['lambda-runtime-aws-request-id'];
      if (typeof requestId !== 'string') throw new Error(`/next answered ${res.status}: ${res.body}`);
      const invokedFunctionArn = res.headers['lambda-runtime-invoked-function-arn'];
      return { requestId, payload: res.body, invokedFunctionArn: typeof invokedFunctionArn === 'string' ? invokedFunctionArn : '' };
    },
    respond: async (requestId, body) => (await call('POST', `/runtime/invocation/${requestId}/response`, body)).status,
    fail: async (requestId, errorType, message) =>
      (
        await call('POST', `/runtime/invocation/${requestId}/error`, errorBody(errorType, message), {
          'Lambda-Runtime-Function-Error-Type': errorType,
        })
      ).status,
    initError: async (errorType, message) =>
      (await call('POST', '/runtime/init/error', errorBody(errorType, message), { 'Lambda-Runtime-Function-Error-Type': errorType }))
        .status,
    raw,
    markers,
  };
}
