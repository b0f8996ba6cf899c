import { randomUUID } from 'node:crypto';
import { createReadStream, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LsimConfig } from '../common/config.js';
import { environmentFault } from '../common/environment-fault.js';
import { LsimError } from '../common/errors.js';
import type { LocalExecutor } from '../execution/local-executor.js';
import { WarmPool } from '../execution/warm-pool.js';
import { EnginePool, type PoolEngine } from '../execution/engine-pool.js';
import { SandboxPool } from '../execution/sandbox-pool.js';
import { canMountHere } from '../execution/host-mounts.js';
import type { PhaseListener } from '../execution/phase-clock.js';
import type { ImageBuildEvent } from '../images/image-build-event.js';
import type { LogStore } from '../logs/log-store.js';
import { AsyncEvents } from '../registry/async-events.js';
import type { BlobStore } from '../registry/blob-store.js';
import { openDatabase, type Db } from '../registry/database.js';
import { EventDispatcher } from './event-dispatcher.js';
import { BlobSigner } from './blob-signer.js';
import { callControlPlane, type ControlOperation } from './control-plane.js';
import { sendError } from './error-response.js';
import { identityOf, parseAuthorization, type Identity } from './identity.js';
import { handleInvoke } from './invoke-handler.js';
import { handleLogs, isLogsRequest } from './logs-operations.js';
import type { PlanCache } from './plan-cache.js';
import type { Registries } from './registries.js';
import { readJsonBody, type BodyLimits } from './request-body.js';
import { matchRoute, type RouteMatch } from './routes.js';
import { signLocations } from './signed-locations.js';
import { NO_CHECK, SigV4Verifier, type BodyCheck } from './sigv4.js';

export interface ServeOptions {
  readonly config: LsimConfig;
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly idleTimeoutSeconds?: number;
  readonly maxConcurrency?: number;
  /**
   * Access key id → secret: when given, every API request must carry a valid SigV4 signature made
   * with one of these keys (download URLs excepted: they carry their own signature).
   */
  readonly credentials?: ReadonlyMap<string, string>;
  /** Function logs and server diagnostics, one line at a time (serve sends them to stderr). */
  readonly onLog?: (line: string) => void;
  readonly onBuildEvent?: (event: ImageBuildEvent) => void;
  /**
   * The timed steps of every RequestResponse invoke (a cold start's phases; a warm invoke's `invoke` and
   * `output-markers`): silent unless given. The bench reads the warm path's breakdown from it.
   */
  readonly onPhase?: PhaseListener;
  /** Payload bytes of queued Event invokes at most (default 100 MB); past it Invoke answers 429. */
  readonly maxQueuedEventBytes?: number;
  /** Delays before the retries of a failed Event invoke (default Lambda's 1 and 2 minutes; tests shorten them). */
  readonly eventRetryDelaysMs?: readonly number[];
}

export interface ServerBackend {
  /** The engine's address (DOCKER_HOST syntax), as the log names it. */
  readonly name: string;
  readonly backend: LocalExecutor;
}

/** What the server runs on, built by the composition root (src/composition/serve-services.ts). */
export interface ServerParts {
  readonly registries: Registries;
  /** The execution backend of each engine of the pool, in order (one: the engine of DOCKER_HOST). */
  readonly backends: readonly ServerBackend[];
  readonly store: BlobStore;
  readonly plans: PlanCache;
  /** The home's invocation logs, which every backend writes (FilterLogEvents and friends read them). */
  readonly logs: LogStore;
}

const DEFAULT_IDLE_TIMEOUT_SECONDS = 300;
const DEFAULT_MAX_CONCURRENCY = 10;
const CLOSE_GRACE_MS = 2000;
/**
 * How long an idle keep-alive connection stays open. Node's default (5 s) is shorter than the idle
 * time of SDK clients between calls, and a client reusing a socket just as the server closes it
 * gets ECONNRESET (with `maxAttempts: 1`, a failed call). Well above what a client sits idle
 * mid-session, the race becomes rare; the SDKs retry it anyway (docs/serve.md#keep-alive).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const DEFAULT_MAX_QUEUED_EVENT_BYTES = 100 * 1024 * 1024;
/** A stopping server lets running Event invokes finish this long before it aborts them (they stay queued). */
const EVENT_GRACE_MS = 10_000;

/** Lambda's request-size limits (docs/lambda-facts.md#request-size-limits); the others get a generous bound of lsim's. */
const LIMITS: Partial<Record<ControlOperation, Omit<BodyLimits, 'operation'>>> = {
  PublishLayerVersion: { maxRequestBytes: 70_167_211 },
  CreateFunction: { maxRequestBytes: 70_167_211, maxZipBytes: 52_428_800 },
  // Unconfirmed: assumed to share CreateFunction's limits.
  UpdateFunctionCode: { maxRequestBytes: 70_167_211, maxZipBytes: 52_428_800 },
  UpdateFunctionConfiguration: { maxRequestBytes: 5120 },
};
const DEFAULT_LIMIT = { maxRequestBytes: 1024 * 1024 };

/**
 * `lsim serve`: the Lambda REST-JSON API on node:http, a router onto the registry (one per caller
 * account) and, for Invoke, onto a warm pool of execution environments. Never crashes on a
 * request: whatever escapes becomes a 500 ServiceException.
 */
export class LambdaServer {
  /** The warm environments of every engine (docs/serve.md#a-pool-of-engines). */
  readonly pool: EnginePool;
  private readonly http: Server;
  private readonly registries: Registries;
  private readonly backends: readonly LocalExecutor[];
  private readonly signer: BlobSigner;
  private readonly store: BlobStore;
  private readonly logs: LogStore;
  private readonly plans: PlanCache;
  private readonly verifier: SigV4Verifier | undefined;
  private readonly events: AsyncEvents;
  private readonly eventsDb: Db;
  private readonly dispatcher: EventDispatcher;
  private closing: Promise<void> | undefined;
  private address: AddressInfo | undefined;

  private constructor(
    private readonly options: ServeOptions,
    parts: ServerParts,
  ) {
    const { config } = options;
    this.registries = parts.registries;
    this.backends = parts.backends.map(({ backend }) => backend);
    this.signer = BlobSigner.forHome(config.home);
    this.store = parts.store;
    this.logs = parts.logs;
    this.plans = parts.plans;
    this.verifier = options.credentials === undefined ? undefined : new SigV4Verifier(options.credentials);
    const maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    const warmOptions = { idleTimeoutMs: (options.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS) * 1000, maxConcurrency };
    const engines = parts.backends.map(({ name, backend }): PoolEngine => ({
      name,
      engine: backend.engine,
      open: () => {
        // Per engine, and used only by one sharing this filesystem (init-phase.ts#takeSandbox, docs/cold-start.md).
        const sandboxes =
          config.sandboxPool > 0 && canMountHere()
            ? new SandboxPool({ engine: backend.engine, home: config.home }, { size: config.sandboxPool })
            : undefined;
        return { pool: new WarmPool(backend.lifecycleDeps(sandboxes), warmOptions), sandboxes };
      },
      reclaim: async () => {
        await backend.removeOwnContainers();
      },
    }));
    this.pool = new EnginePool(engines, { maxConcurrency, onLog: (line) => this.log(line) });
    this.eventsDb = openDatabase(config.home);
    this.events = new AsyncEvents(this.eventsDb);
    this.dispatcher = new EventDispatcher(
      {
        events: this.events,
        resolve: (identity, ref) => this.registries.resolveFunction(identity, ref),
        configFor: (identity) => this.registries.configFor(identity),
        planFor: (resolved, planConfig) => this.plans.planFor(resolved, planConfig),
        invoke: (plan, request, invokeOptions) => this.pool.invoke(plan, request, invokeOptions),
        onLog: (line) => this.log(line),
      },
      {
        maxInFlight: options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY,
        ...(options.eventRetryDelaysMs === undefined ? {} : { retryDelaysMs: options.eventRetryDelaysMs }),
      },
    );
    this.http = createServer((req, res) => void this.handle(req, res));
    this.http.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  }

  static async start(options: ServeOptions, parts: ServerParts): Promise<LambdaServer> {
    const server = new LambdaServer(options, parts);
    await new Promise<void>((resolve, reject) => {
      server.http.once('error', reject);
      server.http.listen(options.port, options.host, () => {
        server.http.off('error', reject);
        resolve();
      });
    });
    server.address = server.http.address() as AddressInfo;
    // What a killed lsim left (containers, temp files) goes, beside the start; then what a previous
    // server accepted and did not run (stopped, or killed) runs now.
    for (const backend of server.backends) void backend.reclaimAbandoned();
    server.dispatcher.wake();
    return server;
  }

  /** Pre-provisioned sandboxes of the first engine, where lsim can mount into containers (docs/cold-start.md). */
  get sandboxes(): SandboxPool | undefined {
    return this.pool.sandboxes;
  }

  get port(): number {
    return this.address?.port ?? this.options.port;
  }

  get url(): string {
    const host = this.options.host.includes(':') ? `[${this.options.host}]` : this.options.host;
    return `http://${host}:${this.port}`;
  }

  /** Stops accepting, aborts running invokes, removes every container, closes the registries. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    await this.dispatcher.close(EVENT_GRACE_MS);
    await this.pool.close();
    await Promise.all(this.backends.map((backend) => backend.reclaimAbandoned()));
    const forced = setTimeout(() => this.http.closeAllConnections(), CLOSE_GRACE_MS);
    await closed;
    clearTimeout(forced);
    this.registries.close();
    this.eventsDb.close();
  }

  private log(line: string): void {
    this.options.onLog?.(line);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    try {
      if (isLogsRequest(req)) {
        const signature = (): BodyCheck =>
          this.verifier?.begin({ method: req.method ?? 'POST', url: req.url ?? '/', headers: req.headers }) ?? NO_CHECK;
        return await handleLogs(req, res, { identity: this.identify(req), store: this.logs, signature, requestId });
      }
      const match = matchRoute(req.method, req.url);
      if (match === undefined) {
        const path = new URL(req.url ?? '/', 'http://lsim.invalid').pathname;
        throw new LsimError('UnsupportedOperation', `lsim serve does not implement ${req.method ?? 'GET'} ${path}.`);
      }
      if (match.operation === 'DownloadBlob') return this.download(res, match);
      const identity = this.identify(req);
      const signature = this.verifier?.begin({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers }) ?? NO_CHECK;
      if (match.operation === 'Invoke') {
        return await handleInvoke(req, res, match, {
          resolve: (ref) => this.registries.resolveFunction(identity, ref),
          config: this.registries.configFor(identity),
          pool: this.pool,
          plans: this.plans,
          onLog: (line) => this.log(line),
          onPhase: this.options.onPhase,
          signature,
          enqueue: (functionName, qualifier, payload, clientContext) => {
            const id = this.events.enqueue(
              { accountId: identity.accountId, region: identity.region, functionName, qualifier },
              payload,
              clientContext,
              { maxBytes: this.options.maxQueuedEventBytes ?? DEFAULT_MAX_QUEUED_EVENT_BYTES },
            );
            this.dispatcher.wake();
            return id;
          },
        });
      }
      await this.control(req, res, match, match.operation, identity, requestId, signature);
    } catch (error) {
      const fault = environmentFault(error, `under LSIM_HOME (${this.options.config.home})`);
      if (fault !== undefined && !(error instanceof LsimError)) this.log(`lsim serve: ${fault.message}`);
      else if (!(error instanceof LsimError))
        this.log(`lsim serve: internal error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!req.complete) {
        // The body was not read to its end: the connection cannot carry another request.
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
      }
      sendError(res, fault ?? error, requestId);
    }
  }

  private identify(req: IncomingMessage): Identity {
    // The signature is verified separately (--verify-signatures); without it lsim serve trusts every caller.
    return identityOf(parseAuthorization(req.headers.authorization), this.options.config);
  }

  private async control(
    req: IncomingMessage,
    res: ServerResponse,
    match: RouteMatch,
    operation: ControlOperation,
    identity: Identity,
    requestId: string,
    signature: BodyCheck,
  ): Promise<void> {
    const limits = { operation, ...(LIMITS[operation] ?? DEFAULT_LIMIT) };
    const body = await readJsonBody(
      req,
      limits,
      () => this.store.tempPath(),
      (chunk) => signature.update(chunk),
    );
    let response: unknown;
    try {
      signature.finish();
      response = await callControlPlane(operation, this.registries.for(identity), match, req.headers, body);
    } finally {
      if (body.zip !== undefined) rmSync(body.zip.path, { force: true });
    }
    if (response === undefined) {
      res.writeHead(match.status, { 'X-Amzn-RequestId': requestId });
      res.end();
      return;
    }
    const text = JSON.stringify(signLocations(response, this.baseUrl(req), this.signer));
    res.writeHead(match.status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'X-Amzn-RequestId': requestId,
    });
    res.end(text);
  }

  /** Locations point where the caller reached us (its Host header), else at the bound address. */
  private baseUrl(req: IncomingMessage): string {
    const host = req.headers.host;
    return host !== undefined && /^[A-Za-z0-9.\-:[\]]+$/.test(host) ? `http://${host}` : this.url;
  }

  private download(res: ServerResponse, match: RouteMatch): void {
    const key = match.params.BlobKey ?? '';
    if (!/^[0-9a-f]{64}$/.test(key) || !this.signer.verify(key, match.query.get('expires'), match.query.get('signature'))) {
      throw new LsimError('AccessDeniedException', 'The download URL is invalid or has expired.');
    }
    const path = this.store.pathOf(key);
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new LsimError('ResourceNotFoundException', 'The resource you requested does not exist.');
    }
    res.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': size });
    createReadStream(path)
      .on('error', () => res.destroy())
      .pipe(res);
  }
}
