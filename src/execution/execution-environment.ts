import { randomBytes } from 'node:crypto';
import type { ContainerEngine, ContainerExit, ContainerHandle, ContainerSpec, MountSpec } from '../engine/container-engine.js';
import { LSIM_LABELS } from '../engine/container-engine.js';
import { RuntimeApiServer } from '../runtime-api/runtime-api-server.js';
import { buildPlatformEnv } from '../runtimes/platform-env.js';
import type { ExecutionPlan } from './execution-plan.js';
import type { LogCollector } from './log-collector.js';

/** The bridge network lsim's containers live on; its gateway is where lsim's Runtime API listens. */
export const LSIM_NETWORK = 'lsim';
/** sbx_user1051 as most in-Lambda `id` dumps show it (reference 5: the ids are not fixed). */
export const SANDBOX_USER = '993:990';
const MB = 1024 * 1024;

export interface EnvironmentDeps {
  readonly engine: ContainerEngine;
  readonly home: string;
  readonly sessionId: string;
}

/**
 * One execution environment: a container running the function's runtime and the Runtime API
 * server it polls. The container reaches the server through the lsim network's gateway; inside,
 * `lsim-entry` relays 127.0.0.1:9001 to it, so the runtime sees Lambda's exact
 * AWS_LAMBDA_RUNTIME_API while the container keeps its own network namespace (no --network host,
 * which would hand the function the host's loopback). A user-supplied image has no relay: it gets
 * the gateway address directly.
 */
export class ExecutionEnvironment {
  readonly server = new RuntimeApiServer();
  private container: ContainerHandle | undefined;
  private outputEnded: Promise<void> = Promise.resolve();
  /** When the container was started (epoch ms, sub-ms precision): Init Duration counts from here. */
  startedAt = 0;
  /** Settles when the container stops, with its exit status. */
  exited: Promise<ContainerExit> = new Promise(() => undefined);

  private constructor(private readonly deps: EnvironmentDeps) {}

  static async start(
    deps: EnvironmentDeps,
    plan: ExecutionPlan,
    image: string,
    optMount: MountSpec,
    log: LogCollector,
  ): Promise<ExecutionEnvironment> {
    const environment = new ExecutionEnvironment(deps);
    try {
      await environment.boot(plan, image, optMount, log);
      return environment;
    } catch (error) {
      await environment.dispose();
      throw error;
    }
  }

  private async boot(plan: ExecutionPlan, image: string, optMount: MountSpec, log: LogCollector): Promise<void> {
    const { engine } = this.deps;
    const labels = {
      [LSIM_LABELS.managed]: 'true',
      [LSIM_LABELS.session]: this.deps.sessionId,
      [LSIM_LABELS.function]: plan.functionName,
      [LSIM_LABELS.kind]: 'function',
      [LSIM_LABELS.home]: this.deps.home,
    };
    const { gateway } = await engine.ensureNetwork(LSIM_NETWORK, { [LSIM_LABELS.managed]: 'true' });
    const address = await this.server.listen(gateway);
    const upstream = `${address.host}:${address.port}`;
    const env = buildPlatformEnv({
      runtime: plan.runtime,
      handler: plan.handler,
      functionName: plan.functionName,
      functionVersion: plan.version,
      memoryMb: plan.memoryMb,
      region: plan.region,
      accountId: plan.accountId,
      userEnv: plan.userEnv,
      now: new Date(),
      random: randomBytes,
      logGroup: plan.logGroup,
    });
    const own = plan.imageOverride === undefined;
    const spec: ContainerSpec = {
      image,
      env: own ? { ...env, LSIM_RUNTIME_API_UPSTREAM: upstream } : { ...env, AWS_LAMBDA_RUNTIME_API: upstream },
      labels,
      workingDir: '/var/task',
      user: SANDBOX_USER,
      // AWS base images take the handler as their entrypoint's one argument (reference 4.2).
      ...(own ? {} : { cmd: [plan.handler] }),
      mounts: [
        { type: 'bind', source: plan.codeDir, target: '/var/task', readOnly: true },
        optMount,
        { type: 'tmpfs', target: '/tmp', readOnly: false, sizeBytes: plan.ephemeralStorageMb * MB },
      ],
      memoryBytes: plan.memoryMb * MB,
      readOnlyRootfs: true,
      capDropAll: true,
      networkMode: LSIM_NETWORK,
      // Lambda's quotas: 1,024 file descriptors and 1,024 processes/threads (reference 5).
      pidsLimit: 1024,
      ulimitNofile: 1024,
    };
    this.container = await engine.createContainer(spec);
    const output = await this.container.attachOutput();
    output.stdout.setEncoding('utf8').on('data', (data: string) => log.chunk('stdout', data));
    output.stderr.setEncoding('utf8').on('data', (data: string) => log.chunk('stderr', data));
    this.outputEnded = Promise.all([ended(output.stdout), ended(output.stderr)]).then(() => undefined);
    this.startedAt = performance.timeOrigin + performance.now();
    await this.container.start();
    this.exited = this.container.wait();
  }


  async peakMemoryBytes(): Promise<number | undefined> {
    return this.container?.peakMemoryBytes();
  }

  /** Stops the container (if running), drains its output (bounded), removes it, closes the server. */
  async dispose(): Promise<void> {
    const container = this.container;
    this.container = undefined;
    if (container !== undefined) {
      await container.kill().catch(() => undefined);
      await Promise.race([this.outputEnded, delay(1000)]);
      await container.remove().catch(() => undefined);
    }
    await this.server.close();
  }
}

function ended(stream: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms).unref());
