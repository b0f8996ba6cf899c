import type { ContainerEngine, ContainerExit, ContainerHandle, ContainerSpec, MountSpec } from '../engine/container-engine.js';
import { LSIM_LABELS } from '../engine/container-engine.js';
import { RuntimeApiServer } from '../runtime-api/runtime-api-server.js';
import { ARCHITECTURE_FACTS } from '../runtimes/architecture.js';
import { buildPlatformEnv } from '../runtimes/platform-env.js';
import { glibcCeilingEnv } from '../runtimes/glibc-ceiling.js';
import type { ExecutionPlan } from './execution-plan.js';
import { ExtractionCache } from './extraction-cache.js';
import { outputItem } from './extension-output.js';
import { LineTap } from './line-tap.js';
import { OUTPUT_STREAMS, OutputMarkers, type ExpectedMarker, type OutputStream } from './output-markers.js';
import type { MarkerConfirmation } from '../runtime-api/output-marker-queue.js';
import type { RoutedLog } from './routed-log.js';
import { PhaseClock } from './phase-clock.js';
import { openRuntimeApiLink, type RuntimeApiLink } from './runtime-api-link.js';
import { assertSandboxLimits } from './sandbox-limits.js';
import type { Sandbox } from './sandbox-pool.js';
import { portDelivery, relayDelivery } from './telemetry-relay.js';
import { openEngineTunnel } from './tunnel/engine-tunnel.js';
import { engineStrategies } from '../engine/strategies.js';
import { prepareTmp, type TmpMount } from './tmp-mount.js';
import { ensureBridgeIsolation } from '../host/bridge-isolation.js';
import {
  createPortableVolume,
  fillPortableVolume,
  isFilled,
  isPortableVolumeName,
  portableCodeVolume,
  portableMount,
  type PortableVolume,
} from './portable-volumes.js';

/**
 * The bridge network lsim's containers live on: outbound access, and the Runtime API's TCP path on its
 * gateway. Inter-container traffic is off (Lambda environments accept no inbound connection,
 * docs/security.md); a new name, since the `lsim` network of earlier versions cannot change options.
 */
export const LSIM_NETWORK = 'lsim-isolated';
/** Docker's bridge driver option: no traffic between containers of the network (needs the engine's iptables). */
export const LSIM_NETWORK_OPTIONS = { 'com.docker.network.bridge.enable_icc': 'false' } as const;
/** sbx_user1051 as most in-Lambda `id` outputs show it (the ids are not fixed: docs/lambda-facts.md#filesystem-and-process). */
export const SANDBOX_USER = '993:990';
/** The entrypoint of every AWS base image: it takes the handler and execs /var/runtime/bootstrap (docs/aws-base-images.md). */
export const AWS_BASE_IMAGE_ENTRYPOINT = '/lambda-entrypoint.sh';
const MB = 1024 * 1024;
/** How often the environment checks whether it is busy (memory is sampled only then). */
export const MEMORY_SAMPLE_MS = 500;
/**
 * Telemetry and Logs API subscribers listen on sandbox.localdomain, which resolves inside every Lambda
 * environment (`sandbox` too); here to the container's own loopback, where the relay reaches them
 * (docs/telemetry.md#delivery).
 */
export const SANDBOX_HOSTS = ['sandbox.localdomain:127.0.0.1', 'sandbox:127.0.0.1'] as const;
/** Tells lsim-entry to write output markers on request (output-markers.ts); lsim's own images only. */
export const OUTPUT_MARKERS_ENV = 'LSIM_OUTPUT_MARKERS';
/**
 * How long the end of a warm invoke waits for its marker to come back: it comes within milliseconds,
 * unless the function killed lsim-entry's writer, when the invoke's log closes without it.
 */
const MARKER_WAIT_MS = 2000;

/**
 * What every environment's container is, pre-provisioned or not: Lambda's sandbox user, a read-only root,
 * no capabilities, the lsim network, Lambda's quotas of 1,024 file descriptors and 1,024
 * processes/threads (docs/lambda-facts.md#filesystem-and-process).
 */
export const SANDBOX_SETTINGS = {
  workingDir: '/var/task',
  user: SANDBOX_USER,
  readOnlyRootfs: true,
  capDropAll: true,
  networkMode: LSIM_NETWORK,
  extraHosts: SANDBOX_HOSTS,
  pidsLimit: 1024,
  ulimitNofile: 1024,
} as const satisfies Partial<ContainerSpec>;

export interface EnvironmentDeps {
  readonly engine: ContainerEngine;
  readonly home: string;
  readonly sessionId: string;
  /** AWS_LAMBDA_LOG_STREAM_NAME: the stream the lifecycle stores this environment's lines under. */
  readonly logStream: string;
  /** An lsim image for the engine tunnel's link container (a user image has no lsim-tunnel); default the function's image. */
  readonly linkImage?: () => Promise<string>;
}

/**
 * One execution environment: a container running the function's runtime and the Runtime API
 * server it polls. The container reaches its server through a link (`runtime-api-link.ts`): a unix
 * socket in a folder only this container mounts when the engine shares this filesystem, the lsim
 * network's gateway otherwise. Inside, `lsim-entry` relays 127.0.0.1:9001 to it, so the runtime sees
 * Lambda's exact AWS_LAMBDA_RUNTIME_API while the container keeps its own network namespace (no
 * --network host, which would hand the function the host's loopback). A user-supplied image has no
 * relay: it gets the gateway address directly.
 */
export class ExecutionEnvironment {
  readonly server: RuntimeApiServer;
  private container: ContainerHandle | undefined;
  private outputEnded: Promise<void> = Promise.resolve();
  /** When the container was started (epoch ms, sub-ms precision): Init Duration counts from here. */
  startedAt = 0;
  /** Settles when the container stops, with its exit status. */
  exited: Promise<ContainerExit> = new Promise(() => undefined);
  /** The highest memory sample so far: what REPORT says once the engine's stats are gone (a crash). */
  private sampledPeakBytes = 0;
  private sampler: NodeJS.Timeout | undefined;
  private unwatch: (() => void) | undefined;
  private initialised = false;
  private stopped = false;
  private memoryLimitBytes: number | undefined;
  private link: RuntimeApiLink | undefined;
  private exit: ContainerExit | undefined;
  /** A claimed sandbox's mounts and folders, taken away once its container is gone. */
  private release: (() => Promise<void>) | undefined;
  private readonly exitWatchers = new Set<(exit: ContainerExit) => void>();
  private markers: OutputMarkers | undefined;
  /** Where the container's output goes: the log of the invoke each stream is in. */
  private routed: RoutedLog | undefined;
  private tmp: Promise<TmpMount> | undefined;
  /**
   * How this environment differs from Lambda's where the machine does not allow better: a /tmp not
   * sized to its EphemeralStorage (tmp-mount.ts), traffic between containers that nothing drops.
   */
  readonly notices: string[] = [];
  /** Emits the container's unfinished lines (output without a final newline), before an invoke's END. */
  flushOutput: () => void = () => undefined;
  /** The clock of the invoke the environment serves now: its shutdown steps are that invoke's. */
  clock: PhaseClock;

  private constructor(
    private readonly deps: EnvironmentDeps,
    plan: ExecutionPlan,
    clock: PhaseClock,
  ) {
    this.clock = clock;
    // What register tells an extension about the function (docs/extensions.md#register).
    this.server = new RuntimeApiServer(
      {},
      { functionName: plan.functionName, functionVersion: plan.version, handler: plan.handler, accountId: plan.accountId },
    );
  }

  static async start(
    deps: EnvironmentDeps,
    plan: ExecutionPlan,
    image: string,
    [optMount, ...masks]: readonly [MountSpec, ...MountSpec[]],
    log: RoutedLog,
    clock = new PhaseClock(undefined),
  ): Promise<ExecutionEnvironment> {
    const environment = new ExecutionEnvironment(deps, plan, clock);
    try {
      await environment.boot(plan, image, optMount, masks, log);
      return environment;
    } catch (error) {
      await environment.dispose();
      throw error;
    }
  }

  /** `masks`: bind mounts over single files of /var/task and /opt (foreign-elf.ts), on the shared-filesystem path only. */
  private async boot(plan: ExecutionPlan, image: string, optMount: MountSpec, masks: readonly MountSpec[], log: RoutedLog): Promise<void> {
    const { engine } = this.deps;
    const labels = {
      [LSIM_LABELS.managed]: 'true',
      [LSIM_LABELS.session]: this.deps.sessionId,
      [LSIM_LABELS.function]: plan.functionName,
      [LSIM_LABELS.kind]: 'function',
      [LSIM_LABELS.home]: this.deps.home,
    };
    const { clock } = this;
    const strategies = await engineStrategies(engine);
    // Beside the network and the link: the disk is ready by the time the container is created.
    this.tmp = prepareTmp({
      home: this.deps.home,
      environmentId: this.deps.sessionId,
      sizeMb: plan.ephemeralStorageMb,
      functionName: plan.functionName,
      strategy: strategies.tmp,
    });
    // Settled before dispose reads it, whatever boot does meanwhile.
    this.tmp.catch(() => undefined);
    const { gateway, bridge } = await engine.ensureNetwork(LSIM_NETWORK, { [LSIM_LABELS.managed]: 'true' }, LSIM_NETWORK_OPTIONS);
    // The bridge is on this machine only when the engine is (a remote engine's firewall is its own: issue 14).
    const isolation = strategies.hostFeatures && bridge !== undefined ? ensureBridgeIsolation(bridge) : undefined;
    clock.mark('network');
    const own = plan.imageOverride === undefined;
    const platform = ARCHITECTURE_FACTS[plan.architecture].platform;
    this.link = await openRuntimeApiLink({
      server: this.server,
      home: this.deps.home,
      environmentId: this.deps.sessionId,
      path: strategies.runtimeApi(own),
      hasLsimEntry: own,
      gateway: () => Promise.resolve(gateway),
      tunnel: async (serve) =>
        openEngineTunnel({
          engine,
          image: await (this.deps.linkImage?.() ?? Promise.resolve(image)),
          platform,
          labels: { ...labels, [LSIM_LABELS.kind]: 'link' },
          settings: {
            user: SANDBOX_SETTINGS.user,
            networkMode: SANDBOX_SETTINGS.networkMode,
            extraHosts: SANDBOX_SETTINGS.extraHosts,
            capDropAll: true,
            readOnlyRootfs: true,
          },
          serve,
          onError: (line) => log.line(line),
        }),
    });
    this.connectTelemetry(this.link, log);
    clock.mark('runtime-api-link');
    const env = this.platformEnv(plan);
    const portable = await this.portableVolumes(plan, optMount);
    const tmp = await this.tmp;
    if (tmp.notice !== undefined) this.notices.push(tmp.notice);
    const unisolated = await isolation;
    if (unisolated !== undefined) {
      this.notices.push(
        `lsim: other environments can reach ${plan.functionName}'s container at its address here: ${unisolated}. ` +
          'Lambda environments accept no inbound connection (docs/security.md#2-no-traffic-between-environments).',
      );
    }
    clock.mark('tmp-and-isolation');
    const { networkMode } = this.link;
    const spec: ContainerSpec = {
      ...SANDBOX_SETTINGS,
      // In the link container's namespace, its /etc/hosts is this container's too (Docker allows no own entries there).
      ...(networkMode === undefined ? {} : { networkMode, extraHosts: undefined }),
      image,
      // The ceiling only means something to lsim's own lsim-entry (docs/glibc-ceiling.md).
      env: { ...env, ...this.link.env, ...(own ? { ...glibcCeilingEnv(plan.runtime), [OUTPUT_MARKERS_ENV]: '1' } : {}) },
      labels,
      // A user's image and AWS's base images take the handler as their entrypoint's one argument, as
      // Lambda passes a container image function's CMD (docs/lambda-facts.md#custom-runtime-bootstrap); AWS's
      // are started by their contract's entrypoint whatever the image says (docs/aws-base-images.md).
      ...(own ? {} : { cmd: [plan.handler] }),
      ...(plan.imageOverride?.source === 'aws' ? { entrypoint: [AWS_BASE_IMAGE_ENTRYPOINT] } : {}),
      mounts: [
        ...(portable === undefined
          ? [{ type: 'bind', source: plan.codeDir, target: '/var/task', readOnly: true } as const, optMount, ...masks]
          : portable.map(portableMount)),
        ...this.link.mounts,
        tmp.mount,
      ],
      memoryBytes: plan.memoryMb * MB,
      // lsim's own images are built per architecture; a user-supplied image runs as the engine picks it.
      ...(own ? { platform } : {}),
    };
    // Every container of this environment (the first, and its re-creation in ensureFilled) is this spec.
    assertSandboxLimits(spec, plan.functionName);
    this.memoryLimitBytes = spec.memoryBytes;
    clock.mark('volumes');
    this.container = await engine.createContainer(spec);
    clock.mark('create');
    if (portable !== undefined) await this.ensureFilled(portable, spec, image);
    this.followOutput(await this.container.attachOutput(), log, own);
    clock.mark('attach');
    // The link container starts beside the volumes and the create above; the function's joins its namespace.
    await this.link.ready;
    clock.mark('link-ready');
    this.startedAt = performance.timeOrigin + performance.now();
    const container = this.container;
    let started: (() => void) | undefined;
    if (this.link.peerChecked) {
      // Its address exists once it runs; a request arriving before then waits for it.
      this.server.admitOnly(new Promise<void>((resolve) => (started = resolve)).then(() => ownAddress(container)));
    }
    await container.start();
    started?.();
    clock.mark('start');
    this.followExit(this.container.wait());
  }

  /**
   * The environment in a pre-provisioned sandbox (sandbox-pool.ts): its own Runtime API on the
   * sandbox's socket folder, the function's code and layers mounted in, its memory limit set, then the
   * claim, from which the runtime starts as in any container (docs/cold-start.md#pre-provisioned-sandboxes).
   */
  static async claim(
    deps: EnvironmentDeps,
    plan: ExecutionPlan,
    sandbox: Sandbox,
    log: RoutedLog,
    clock: PhaseClock,
  ): Promise<ExecutionEnvironment> {
    const environment = new ExecutionEnvironment(deps, plan, clock);
    environment.container = sandbox.container;
    environment.release = () => sandbox.release();
    try {
      await environment.bootClaimed(plan, sandbox, log);
      return environment;
    } catch (error) {
      await environment.dispose();
      throw error;
    }
  }

  private async bootClaimed(plan: ExecutionPlan, sandbox: Sandbox, log: RoutedLog): Promise<void> {
    const { clock } = this;
    const link = await openRuntimeApiLink({
      server: this.server,
      home: this.deps.home,
      environmentId: sandbox.id,
      path: 'socket',
      hasLsimEntry: true,
      folderReady: true,
      gateway: () => Promise.reject(new Error('A sandbox links its Runtime API over its socket folder.')),
    });
    this.link = link;
    this.connectTelemetry(link, log);
    clock.mark('runtime-api-link');
    const memoryBytes = plan.memoryMb * MB;
    const tmpBytes = plan.ephemeralStorageMb * MB;
    const mounts = sandbox.spec.mounts.map((mount) => (mount.target === '/tmp' ? { ...mount, sizeBytes: tmpBytes } : mount));
    assertSandboxLimits({ ...sandbox.spec, memoryBytes, mounts }, plan.functionName);
    const { updateMemory } = sandbox.container;
    if (updateMemory === undefined) throw new Error('A sandbox needs an engine that updates a running container.');
    // /tmp exactly as a created container's (tmp-mount.ts): the disk is bound onto the sandbox's /tmp folder.
    this.tmp = prepareTmp({
      home: this.deps.home,
      environmentId: sandbox.id,
      sizeMb: plan.ephemeralStorageMb,
      functionName: plan.functionName,
      strategy: 'loop-disk',
    });
    this.tmp.catch(() => undefined);
    const tmp = await this.tmp;
    if (tmp.notice !== undefined) this.notices.push(tmp.notice);
    const tmpSource = tmp.mount.type === 'bind' ? tmp.mount.source : undefined;
    await Promise.all([sandbox.mount(plan.codeDir, plan.layerDirs, tmpSource), updateMemory.call(sandbox.container, memoryBytes)]);
    this.memoryLimitBytes = memoryBytes;
    clock.mark('claim-mounts');
    this.followOutput(sandbox.output, log, true);
    this.startedAt = performance.timeOrigin + performance.now();
    await sandbox.claim({ ...this.platformEnv(plan), ...link.env, ...glibcCeilingEnv(plan.runtime), [OUTPUT_MARKERS_ENV]: '1' });
    clock.mark('claim');
    this.followExit(sandbox.exited);
  }

  private platformEnv(plan: ExecutionPlan): Record<string, string> {
    return buildPlatformEnv({
      runtime: plan.runtime,
      handler: plan.handler,
      functionName: plan.functionName,
      functionVersion: plan.version,
      memoryMb: plan.memoryMb,
      region: plan.region,
      accountId: plan.accountId,
      userEnv: plan.userEnv,
      logStream: this.deps.logStream,
      logGroup: plan.logGroup,
    });
  }

  private connectTelemetry(link: RuntimeApiLink, log: RoutedLog): void {
    const { relaySocket, openPort } = link;
    this.server.telemetry.connect({
      deliver:
        openPort !== undefined
          ? portDelivery(openPort)
          : relaySocket === undefined
            ? () => Promise.reject(new Error('telemetry delivery needs the unix-socket link (docs/deviations.md#telemetry)'))
            : relayDelivery(relaySocket),
      line: (text) => log.line(text),
    });
  }

  private followOutput(
    output: { readonly stdout: NodeJS.ReadableStream; readonly stderr: NodeJS.ReadableStream },
    log: RoutedLog,
    /** lsim's own image: its lsim-entry answers output markers. */
    own: boolean,
  ): void {
    // Bytes, not strings: each stream's tap cuts lines by bytes and decodes each line once, whole. One cut
    // serves the invoke's log and the telemetry records, and tells the extensions' lines from the runtime's.
    const tap = (stream: OutputStream): LineTap =>
      new LineTap((line) => {
        const item = outputItem(line);
        log.streamLine(stream, item.record);
        this.server.telemetry.publish(item);
      });
    const lines: Record<OutputStream, LineTap> = { stdout: tap('stdout'), stderr: tap('stderr') };
    const markers = new OutputMarkers(
      (stream, data) => lines[stream].chunk(stream, data),
      (stream) => {
        // A line the runtime left unfinished before the marker ends with its invoke's log.
        lines[stream].flush();
        log.boundary(stream);
      },
    );
    if (own) this.markers = markers;
    this.routed = log;
    output.stdout.on('data', (data: Buffer) => markers.chunk('stdout', data));
    output.stderr.on('data', (data: Buffer) => markers.chunk('stderr', data));
    this.flushOutput = () => {
      for (const stream of OUTPUT_STREAMS) lines[stream].flush();
    };
    this.outputEnded = Promise.all([ended(output.stdout), ended(output.stderr)]).then(() => undefined);
  }

  private followExit(exited: Promise<ContainerExit>): void {
    this.exited = exited;
    // One subscription for the environment's whole life: invokes watch and unwatch it through
    // watchExit, so nothing accumulates on this long-lived promise however many invokes it serves.
    this.exited.then(
      (exit) => {
        this.exit = exit;
        for (const watcher of [...this.exitWatchers]) watcher(exit);
      },
      () => undefined,
    );
    this.startSampling();
  }

  /**
   * Undefined when the engine shares this filesystem (the bind mount and `optMount` serve);
   * otherwise the content-addressed volumes of the code and of the merged layers (none for /opt
   * without layers: the image's own empty /opt is read-only already), created if missing.
   */
  private async portableVolumes(plan: ExecutionPlan, optMount: MountSpec): Promise<PortableVolume[] | undefined> {
    const { engine, home } = this.deps;
    if ((await engineStrategies(engine)).content === 'host-mounts') return undefined;
    const volumes = [await portableCodeVolume(plan.codeDir, new ExtractionCache(home).root)];
    if (optMount.type === 'volume' && isPortableVolumeName(optMount.source)) {
      volumes.push({ name: optMount.source ?? '', target: '/opt', trees: plan.layerDirs });
    } else if (plan.layerDirs.length > 0) {
      throw new Error(`The engine needs a portable /opt, but prepareOptMount gave ${optMount.type} ${optMount.source ?? ''}`);
    }
    await Promise.all(volumes.map((volume) => createPortableVolume(engine, volume, home)));
    return volumes;
  }

  /**
   * The created (not started) container sees its volumes: when one lacks its completion marker,
   * the container goes, the volume is filled once, and the container is created again. The
   * usual case (filled by an earlier invoke) costs one stat per volume and no helper container.
   */
  private async ensureFilled(volumes: readonly PortableVolume[], spec: ContainerSpec, image: string): Promise<void> {
    const container = this.container;
    if (container === undefined) return;
    const filled = await Promise.all(volumes.map((volume) => isFilled(container, volume.target)));
    const missing = volumes.filter((_, index) => filled[index] !== true);
    if (missing.length === 0) return;
    this.container = undefined;
    await container.remove();
    await Promise.all(missing.map((volume) => fillPortableVolume(this.deps.engine, volume, image, this.deps.home)));
    this.container = await this.deps.engine.createContainer(spec);
  }

  /**
   * Samples memory in the background while the runtime initialises or handles an event, so a
   * runtime that crashes still has a Max Memory Used: the engine forgets a stopped container's
   * usage. One streaming stats connection (a sample per engine tick, ~1 s) is open only while the
   * environment is busy; a warm environment idling between events costs nothing but a timer.
   */
  private startSampling(): void {
    const container = this.container;
    if (container?.watchMemory === undefined) return;
    void this.server.session.initialised.then(
      () => (this.initialised = true),
      () => undefined,
    );
    void this.exited.then(
      () => this.stopSampling(),
      () => this.stopSampling(),
    );
    const record = (bytes: number): void => {
      this.sampledPeakBytes = Math.max(this.sampledPeakBytes, bytes);
    };
    const tick = (): void => {
      if (this.stopped) return;
      const busy = !this.initialised || this.server.session.inFlightRequestId !== undefined;
      if (busy && this.unwatch === undefined) this.unwatch = container.watchMemory?.(record);
      if (!busy && this.unwatch !== undefined) {
        this.unwatch();
        this.unwatch = undefined;
      }
      this.sampler = setTimeout(tick, MEMORY_SAMPLE_MS).unref();
    };
    tick();
  }

  private stopSampling(): void {
    this.stopped = true;
    if (this.sampler !== undefined) clearTimeout(this.sampler);
    this.sampler = undefined;
    // The stream ends by itself when the container stops; closing it early loses nothing we keep.
    this.unwatch?.();
    this.unwatch = undefined;
  }

  /**
   * The peak so far: the engine's live reading, or the background samples' highest when that is
   * higher or gone (a container that stopped, e.g. a crashed runtime, has no stats left).
   */
  async peakMemoryBytes(): Promise<number | undefined> {
    const live = await this.container?.peakMemoryBytes().catch(() => undefined);
    if (live === undefined && this.memoryLimitBytes !== undefined) {
      // Killed for memory: it used the whole allowance, whatever the last sample saw before the spike.
      const exit = await Promise.race([this.exited, Promise.resolve(undefined)]).catch(() => undefined);
      if (exit?.oomKilled === true) return this.memoryLimitBytes;
    }
    const peak = Math.max(live ?? 0, this.sampledPeakBytes);
    return peak > 0 ? peak : undefined;
  }

  /**
   * The end of an invoke's output (output-markers.ts): `written` resolves once lsim-entry has written the
   * marker on stdout and stderr, so that whatever the container writes from then on is behind it (the next
   * event may go to the runtime); `arrived` once both markers came back, so that everything written before
   * is in the log. Each also resolves if the container stops or the bound passes; both at once for an image
   * without lsim-entry (docs/lifecycle.md#the-end-of-an-invokes-output).
   */
  settleOutput(): { readonly written: Promise<void>; readonly arrived: Promise<void> } {
    const asked = this.askMarker();
    if (asked === undefined) return { written: Promise.resolve(), arrived: Promise.resolve() };
    const { clock } = this;
    const written = this.bounded(clock, 'output-written', asked.confirmation.written).finally(() => asked.confirmation.forget());
    return { written, arrived: this.arrival(clock, asked.marker) };
  }

  /** Resolves once everything the container wrote so far has reached the log (settleOutput's `arrived` alone). */
  async outputSettled(): Promise<void> {
    const asked = this.askMarker();
    if (asked === undefined) return;
    asked.confirmation.forget();
    await this.arrival(this.clock, asked.marker);
  }

  /** The marker back on both streams (or given up at the bound); what it held back goes through either way. */
  private arrival(clock: PhaseClock, marker: ExpectedMarker): Promise<void> {
    return this.bounded(clock, 'output-markers', marker.arrived).finally(() => marker.cancel());
  }

  /** The next marker, asked of lsim-entry; none without lsim-entry or once the container stopped. */
  private askMarker(): { readonly marker: ExpectedMarker; readonly confirmation: MarkerConfirmation } | undefined {
    const markers = this.markers;
    if (markers === undefined || this.exit !== undefined) return undefined;
    const marker = markers.expect();
    this.routed?.markerPosted();
    return { marker, confirmation: this.server.outputMarkers.ask(marker.text) };
  }

  /** `step`, or the container's stop, or MARKER_WAIT_MS, whichever comes first, timed as `phase`. */
  private async bounded(clock: PhaseClock, phase: string, step: Promise<void>): Promise<void> {
    let unwatch = (): void => undefined;
    // Cleared, not left to fire: a warm environment settles its output once per invoke, and a bound left
    // pending for 2 s would keep a timer and its closure alive per invoke (~1,800 at 900 invokes/s).
    let bound: NodeJS.Timeout | undefined;
    try {
      await clock.time(
        phase,
        Promise.race([
          step,
          new Promise<void>((resolve) => (unwatch = this.watchExit(() => resolve()))),
          new Promise<void>((resolve) => (bound = setTimeout(resolve, MARKER_WAIT_MS).unref())),
        ]),
      );
    } finally {
      clearTimeout(bound);
      unwatch();
    }
  }

  /** Calls `onExit` when the container stops (at once if it has); returns the function that stops watching. */
  watchExit(onExit: (exit: ContainerExit) => void): () => void {
    if (this.exit !== undefined) {
      onExit(this.exit);
      return () => undefined;
    }
    this.exitWatchers.add(onExit);
    return () => this.exitWatchers.delete(onExit);
  }

  /** Stops and removes the container, drains its output meanwhile (bounded), closes the server and its link. */
  async dispose(): Promise<void> {
    this.stopSampling();
    const container = this.container;
    this.container = undefined;
    const { clock } = this;
    clock.mark('shutdown-event');
    if (container !== undefined) {
      // One engine call, not a kill and then a remove: a forced remove kills first, and the two round
      // trips were a third of a second of every one-shot invoke on a busy engine (docs/cold-start.md).
      // The output ends when the container stops, before the removal is done.
      const removed = container.remove().catch(() => undefined);
      await Promise.race([this.outputEnded, removed.then(() => delay(1000))]);
      clock.mark('kill-and-drain-output');
      await removed;
      clock.mark('remove');
    }
    await this.release?.();
    await (this.link?.close() ?? this.server.close());
    clock.mark('close-runtime-api');
    // The container is gone, so nothing holds the disk any more.
    await this.tmp?.then((tmp) => tmp.release()).catch(() => undefined);
    clock.mark('release-tmp');
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

async function ownAddress(container: ContainerHandle): Promise<string> {
  const address = await container.networkAddress?.(LSIM_NETWORK);
  if (address === undefined) throw new Error(`The container has no address on ${LSIM_NETWORK}.`);
  return address;
}
