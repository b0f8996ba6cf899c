import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeTree } from '../archive/remove-tree.js';
import { zipDirectory } from '../archive/zip-directory.js';
import { LsimError } from '../common/errors.js';
import { LSIM_LABELS } from '../engine/container-engine.js';
import { openLsim, type Lsim } from '../lsim.js';
import type { FunctionConfiguration } from '../registry/api-types.js';
import { toInvocation, type Invocation } from './invocation.js';

export interface TestkitOptions {
  /** Environment lsim reads (DOCKER_HOST, AWS_REGION, LSIM_UPDATE_DELAY_MS...); process.env by default. LSIM_HOME in it is ignored. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Folder paths are resolved from here; process.cwd() by default. */
  readonly cwd?: string;
}

export interface LayerSpec {
  readonly name: string;
  /** A folder laid out as the layer's zip root (`python/...`, `nodejs/node_modules/...`), or a zip. */
  readonly content: string;
  readonly compatibleRuntimes?: readonly string[];
  readonly compatibleArchitectures?: readonly string[];
}

export interface FunctionSpec {
  readonly name: string;
  readonly runtime: string;
  readonly handler: string;
  /** A folder that becomes /var/task, or a zip. */
  readonly code: string;
  /** Names of layers this kit published (their newest version) or layer version ARNs, in Lambda's order. */
  readonly layers?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly timeout?: number;
  readonly memorySize?: number;
  readonly architecture?: 'x86_64' | 'arm64';
}

export interface InvokeOptions {
  readonly qualifier?: string;
  /** Each log line as the function prints it. */
  readonly onLog?: (line: string) => void;
  readonly signal?: AbortSignal;
}

/** How long createFunction waits for the function to leave Pending, as the aws CLI's `function-active-v2` waiter does. */
const ACTIVE_WAIT_MS = 60_000;
const ACTIVE_POLL_MS = 50;

/**
 * lsim for a test file, with no test runner in it: its own throwaway LSIM_HOME, layers and
 * functions from folders, invokes that return the parsed payload, the log and the REPORT figures,
 * and `dispose()` that retires every execution environment of the home and removes the home,
 * whatever state the tests left it in (docs/testing.md).
 */
export async function createTestkit(options: TestkitOptions = {}): Promise<Testkit> {
  const home = await mkdtemp(join(tmpdir(), 'lsim-testkit-'));
  const lsim = openLsim({ home, env: options.env ?? process.env });
  return new Testkit(home, lsim, options.cwd ?? process.cwd());
}

export class Testkit {
  private readonly layerArns = new Map<string, string>();
  private disposed: Promise<void> | undefined;
  /** Whether anything reached the engine: a kit that never invoked needs no engine to be disposed. */
  private invoked = false;

  constructor(
    readonly home: string,
    readonly lsim: Lsim,
    private readonly cwd: string,
  ) {}

  /** Publishes a version of the layer; returns its LayerVersionArn. */
  async publishLayer(spec: LayerSpec): Promise<string> {
    const published = await this.lsim.api.publishLayerVersion({
      LayerName: spec.name,
      Content: { ZipFile: await this.zipOf(spec.content) },
      ...(spec.compatibleRuntimes === undefined ? {} : { CompatibleRuntimes: spec.compatibleRuntimes }),
      ...(spec.compatibleArchitectures === undefined ? {} : { CompatibleArchitectures: spec.compatibleArchitectures }),
    });
    this.layerArns.set(spec.name, published.LayerVersionArn);
    return published.LayerVersionArn;
  }

  /** Creates the function and waits until it is Active, so the next invoke does not meet Pending. */
  async createFunction(spec: FunctionSpec): Promise<FunctionConfiguration> {
    const created = await this.lsim.api.createFunction({
      FunctionName: spec.name,
      Runtime: spec.runtime,
      Handler: spec.handler,
      Role: `arn:aws:iam::${this.lsim.config.accountId}:role/lsim-testkit`,
      Code: { ZipFile: await this.zipOf(spec.code) },
      ...(spec.layers === undefined ? {} : { Layers: spec.layers.map((layer) => this.layerArns.get(layer) ?? layer) }),
      ...(spec.environment === undefined ? {} : { Environment: { Variables: spec.environment } }),
      ...(spec.timeout === undefined ? {} : { Timeout: spec.timeout }),
      ...(spec.memorySize === undefined ? {} : { MemorySize: spec.memorySize }),
      ...(spec.architecture === undefined ? {} : { Architectures: [spec.architecture] }),
    });
    return this.waitActive(created);
  }

  /** A synchronous invoke; the event is serialised as JSON unless it is already a string or bytes. */
  async invoke<T = unknown>(functionName: string, event?: unknown, options: InvokeOptions = {}): Promise<Invocation<T>> {
    this.invoked = true;
    const response = await this.lsim.invoke({
      FunctionName: functionName,
      ...(options.qualifier === undefined ? {} : { Qualifier: options.qualifier }),
      Payload: event,
      ...(options.onLog === undefined ? {} : { onLog: options.onLog }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    return toInvocation<T>(response);
  }

  /** Retires what the home still runs (an invoke cut short by a failed test), then removes the home. Safe to call twice. */
  dispose(): Promise<void> {
    this.disposed ??= this.retire();
    return this.disposed;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private async retire(): Promise<void> {
    this.lsim.close();
    const engine = this.lsim.executor.engine;
    const labels = { [LSIM_LABELS.home]: this.home };
    try {
      if (!this.invoked) return;
      for (const id of await engine.listContainers(labels)) await engine.removeContainer(id);
      for (const name of await engine.listVolumes(labels)) await engine.removeVolume(name);
    } finally {
      await removeTree(this.home);
    }
  }

  private async zipOf(path: string): Promise<Buffer> {
    const full = resolve(this.cwd, path);
    const info = await stat(full).catch((error: unknown) => {
      throw new LsimError('ParamValidation', `No folder or zip at ${full}.`, { cause: error });
    });
    return info.isDirectory() ? zipDirectory(full) : readFile(full);
  }

  private async waitActive(created: FunctionConfiguration): Promise<FunctionConfiguration> {
    let configuration = created;
    const until = Date.now() + ACTIVE_WAIT_MS;
    while (configuration.State === 'Pending' && Date.now() < until) {
      await sleep(ACTIVE_POLL_MS);
      configuration = this.lsim.api.getFunctionConfiguration({ FunctionName: created.FunctionName });
    }
    return configuration;
  }
}
