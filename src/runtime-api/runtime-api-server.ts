import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { chmod } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { INTERNAL_SERVER_ERROR, NOT_FOUND } from './error-bodies.js';
import { sendJson } from './http-io.js';
import { handleInitError } from './init-error.js';
import { handleInvocationError } from './invocation-error.js';
import { handleInvocationNext } from './invocation-next.js';
import { handleInvocationResponse } from './invocation-response.js';
import { route } from './router.js';
import { RuntimeSession } from './runtime-session.js';
import { handleEventNext, handleExtensionError, handleRegister } from './extension-routes.js';
import { ExtensionRegistry, type FunctionIdentity } from './extension-registry.js';
import { handleExited, handleLaunched, handleOutputMarkers, handleRegistered, OUTPUT_MARKERS_PROTOCOL } from './entry-routes.js';
import { OutputMarkerQueue } from './output-marker-queue.js';
import { handleSubscribe } from './subscribe.js';
import { TelemetryHub } from './telemetry/telemetry-hub.js';

export interface RuntimeApiBounds {
  /** Connections open at once; more are closed as they arrive. */
  readonly maxConnections: number;
  /** A connection that has not sent a request's headers within this is closed. */
  readonly headersTimeoutMs: number;
  /** A request not received whole (headers and body) within this is answered 408 and closed. */
  readonly requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** How often the timeouts above are checked. */
  readonly checkIntervalMs: number;
}

/** docs/security.md, "Bounds". */
export const RUNTIME_API_BOUNDS: RuntimeApiBounds = {
  maxConnections: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  // Longer than Lambda's longest Timeout (900 s): a runtime's connection idles while its handler
  // runs, and cutting it would fail the /response that follows.
  keepAliveTimeoutMs: 910_000,
  checkIntervalMs: 1_000,
};

const NO_FUNCTION: FunctionIdentity = { functionName: '', functionVersion: '', handler: '', accountId: '' };

/**
 * The Runtime API 2018-06-01 for ONE execution environment (one container): one server, one port,
 * one session that every client of the environment (the runtime, extensions) shares. A fresh environment (cold start, reset after a timeout) gets a fresh server,
 * so no request id can leak between environments.
 */
export class RuntimeApiServer {
  /** The environment's state machine; this class only carries HTTP to and from it. */
  readonly session = new RuntimeSession();
  /** The Extensions API's state over the same session (docs/extensions.md). */
  readonly extensions: ExtensionRegistry;
  /** The environment's Telemetry and Logs API subscriptions; the lifecycle publishes into it. */
  readonly telemetry = new TelemetryHub();
  /** The markers lsim-entry writes at the end of a warm invoke's output (src/execution/output-markers.ts). */
  readonly outputMarkers = new OutputMarkerQueue();
  private readonly server: Server;
  /** The one peer address served, once known (the TCP path; docs/security.md#1-each-environments-runtime-api-is-reachable-by-that-environment-alone). */
  private peer: Promise<string | undefined> | undefined;
  /** Connections handed over by `serve`, and those upgraded out of HTTP: destroyed on close. */
  private readonly served = new Set<Duplex>();
  private closed = false;

  /** `identity`: what register tells extensions about the function; blank for a server that runs none. */
  constructor(bounds: Partial<RuntimeApiBounds> = {}, identity: FunctionIdentity = NO_FUNCTION) {
    this.extensions = new ExtensionRegistry(this.session, identity);
    const { maxConnections, headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, checkIntervalMs } = {
      ...RUNTIME_API_BOUNDS,
      ...bounds,
    };
    // Lambda closes both subscription APIs when init ends (docs/telemetry.md#subscriptions).
    void this.session.initialised.then(() => this.telemetry.closeSubscriptions());
    this.server = createServer({ connectionsCheckingInterval: checkIntervalMs }, (req, res) => {
      this.dispatch(req, res).catch(() => {
        if (!res.headersSent) sendJson(res, 500, INTERNAL_SERVER_ERROR);
        else res.destroy();
      });
    });
    // lsim-entry's output-markers stream leaves HTTP (entry-routes.ts); nothing else upgrades.
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head).catch(() => socket.destroy());
    });
    // One environment's runtime needs a connection or two; a function flooding its own Runtime API
    // gets its connections dropped past this, and nobody else is affected (docs/security.md).
    this.server.maxConnections = maxConnections;
    // Both count only while a request is being received: /next, received at once, then long-polls
    // for as long as the function is idle, which neither timeout cuts (the unit tests hold that).
    this.server.headersTimeout = headersTimeoutMs;
    this.server.requestTimeout = requestTimeoutMs;
    this.server.keepAliveTimeout = keepAliveTimeoutMs;
    // No inactivity timeout: an idle /next and a handler running for 15 minutes are both silent.
    this.server.timeout = 0;
  }

  /**
   * Starts listening on TCP; `port` 0 picks a free one. Returns the address for AWS_LAMBDA_RUNTIME_API.
   * Anyone who can reach `host` can talk to this server: see docs/security.md.
   */
  async listen(host: string, port = 0): Promise<{ host: string; port: number }> {
    await this.listenOn({ port, host });
    const address = this.server.address() as AddressInfo;
    return { host: address.address, port: address.port };
  }

  /**
   * Starts listening on a unix socket at `path` (its folder must exist). The socket is made
   * connectable by every user (0666): who can reach it is decided by who can reach its folder, which
   * the caller keeps private to one environment (docs/security.md).
   */
  async listenOnSocket(path: string): Promise<void> {
    await this.listenOn({ path });
    await chmod(path, 0o666);
  }

  private listenOn(options: { port: number; host: string } | { path: string }): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(options, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /**
   * Serves only connections from `address` (the environment's own container, on a TCP listener that
   * every container of the network can reach); others are dropped unanswered. Requests that arrive
   * before the address is known wait for it: the container starts before its address can be read.
   */
  admitOnly(address: Promise<string>): void {
    // An address that cannot be read admits nobody (and is no unhandled rejection).
    this.peer = address.catch(() => undefined);
  }

  /**
   * Serves one connection that reached the environment some other way than a listener of this machine: a
   * connection of the engine tunnel (docs/remote-engines.md#runtime-api). node:http takes any Duplex as a
   * connection (https://nodejs.org/api/http.html#event-connection).
   */
  serve(connection: Duplex): void {
    if (this.closed) {
      connection.destroy();
      return;
    }
    this.served.add(connection);
    connection.once('close', () => this.served.delete(connection));
    this.server.emit('connection', connection);
  }

  /** Stops serving; queued and in-flight invocations reject with `reason`. Idempotent. */
  async close(reason: Error = new Error('The Runtime API server was closed.')): Promise<void> {
    this.session.close(reason);
    this.closed = true;
    for (const connection of this.served) connection.destroy();
    this.served.clear();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // A runtime blocked in /next would otherwise hold close() open forever.
      this.server.closeAllConnections();
    });
  }

  /** Whether the request comes from the one peer served (always, off the TCP path); a stranger's connection is dropped. */
  private async admitted(req: IncomingMessage): Promise<boolean> {
    if (this.peer === undefined) return true;
    const admitted = await this.peer;
    if (admitted !== undefined && admitted === unmapped(req.socket.remoteAddress)) return true;
    req.socket.destroy();
    return false;
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (!(await this.admitted(req))) return;
    const wanted = (req.headers.upgrade ?? '').toLowerCase() === OUTPUT_MARKERS_PROTOCOL;
    if (this.closed || !wanted || route(req.method, req.url).name !== 'entry-output-markers') {
      socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // Out of HTTP now: the server's close no longer reaches it, so close() ends it with the others.
    this.served.add(socket);
    socket.once('close', () => this.served.delete(socket));
    handleOutputMarkers(socket, head, this.outputMarkers);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!(await this.admitted(req))) return;
    const matched = route(req.method, req.url);
    switch (matched.name) {
      case 'next':
        return handleInvocationNext(req, res, this.session);
      case 'response':
        return handleInvocationResponse(req, res, this.session, matched.requestId);
      case 'error':
        return handleInvocationError(req, res, this.session, matched.requestId);
      case 'init-error':
        return handleInitError(req, res, this.session);
      case 'subscribe':
        return handleSubscribe(req, res, matched.api, this.telemetry, this.extensions);
      case 'extension-register':
        return handleRegister(req, res, this.extensions);
      case 'extension-next':
        return handleEventNext(req, res, this.extensions);
      case 'extension-init-error':
        return handleExtensionError(req, res, this.extensions, 'init');
      case 'extension-exit-error':
        return handleExtensionError(req, res, this.extensions, 'exit');
      case 'entry-launched':
        return handleLaunched(req, res, this.extensions);
      case 'entry-registered':
        return handleRegistered(req, res, this.extensions);
      case 'entry-exited':
        return handleExited(req, res, this.extensions);
      case 'ping':
        req.resume();
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        res.end('pong');
        return;
      case 'method-not-allowed':
        req.resume();
        sendJson(res, 405, { errorMessage: 'Method Not Allowed', errorType: 'MethodNotAllowed' });
        return;
      case 'entry-output-markers': // served only as an upgrade (below)
      case 'not-found':
        req.resume();
        sendJson(res, 404, NOT_FOUND);
        return;
    }
  }
}

/** A dual-stack listener reports IPv4 peers as `::ffff:a.b.c.d`. */
const unmapped = (address: string | undefined): string | undefined => address?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
