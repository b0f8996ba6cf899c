import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { LsimError } from '../common/errors.js';
import type { MountSpec } from '../engine/container-engine.js';
import type { RuntimeApiPath } from '../engine/strategies.js';
import type { RuntimeApiServer } from '../runtime-api/runtime-api-server.js';
import type { EngineTunnel } from './tunnel/engine-tunnel.js';

/**
 * How one execution environment reaches its own Runtime API server (docs/security.md):
 *
 * - `socket`, for engines that share this machine's filesystem: the server listens on a unix socket
 *   in a folder of its own under LSIM_HOME, and only that folder is bind-mounted into the
 *   environment's container; `lsim-entry` relays 127.0.0.1:9001 to it. No TCP listener exists, so no
 *   other container (and no other environment) can reach this one's Runtime API.
 * - `tcp`, for engines on another machine (or `LSIM_PORTABLE_MOUNTS=1`), and for user-supplied images
 *   that have no `lsim-entry`: the server listens on the lsim network's gateway. Binding that address
 *   succeeds only where the network's bridge is (this machine), so every peer arrives across the
 *   bridge with its own container address, untranslated, and no container can forge another's (they
 *   run without capabilities: no raw sockets). The server admits its own container's address only.
 * - `tunnel`, for engines that share neither network nor files with lsim (engine/strategies.ts): a link
 *   container's 127.0.0.1:9001, carried over its attach stream (tunnel/engine-tunnel.ts); the function's
 *   container joins its network namespace. Nothing listens outside that namespace, so no peer check.
 */
export interface RuntimeApiLink {
  readonly kind: 'socket' | 'tcp' | 'tunnel';
  /** Variables the container needs to find the server (lsim-entry's, or AWS_LAMBDA_RUNTIME_API). */
  readonly env: Readonly<Record<string, string>>;
  readonly mounts: readonly MountSpec[];
  /** True when the server must be told its container's address (RuntimeApiServer.admitOnly). */
  readonly peerChecked: boolean;
  /**
   * The host path of the socket `lsim-entry` listens on to relay telemetry deliveries into the
   * container (docs/telemetry.md#delivery); the socket path only: the TCP path has none.
   */
  readonly relaySocket?: string;
  /** The tunnel's way into the container's 127.0.0.1:PORT, for telemetry deliveries (the tunnel path only). */
  readonly openPort?: (port: number) => Duplex;
  /** The container's network mode when it must join the link container's namespace (the tunnel path). */
  readonly networkMode?: string;
  /** Settles when the container may start (the tunnel's link container runs); absent: at once. */
  readonly ready?: Promise<void>;
  /** Closes the server and removes what the link made on the host (the socket folder). Idempotent. */
  close(): Promise<void>;
}

/** Where the socket folder appears inside the container: outside /var/task, /opt and /tmp. */
export const RUNTIME_API_MOUNT = '/var/lsim-runtime-api';
const SOCKET_NAME = 'runtime.sock';
/** Where the relay folder appears inside the container: the one folder of the link the container writes to. */
export const RELAY_MOUNT = '/var/lsim-relay';
const RELAY_NAME = 'relay.sock';
/** sockaddr_un.sun_path holds 108 bytes, the terminating NUL included (unix(7)). */
const MAX_SOCKET_PATH_BYTES = 107;

export interface LinkOptions {
  readonly server: RuntimeApiServer;
  readonly home: string;
  /** Unique per environment: names the socket folder. */
  readonly environmentId: string;
  /** The engine's choice for this image (EngineStrategies.runtimeApi). */
  readonly path: RuntimeApiPath;
  /** False for a user-supplied image, which has no lsim-entry to relay a socket. */
  readonly hasLsimEntry: boolean;
  /** The link container, for the tunnel path. */
  readonly tunnel?: (serve: (connection: Duplex) => void) => Promise<EngineTunnel>;
  /** The socket folder exists already (createLinkFolder): a pre-provisioned sandbox's. */
  readonly folderReady?: boolean;
  /** The lsim network's gateway, for the TCP path. */
  readonly gateway: () => Promise<string>;
}

/** The folder holding every environment's socket folder. */
export const runtimeApiRoot = (home: string): string => join(home, 'runtime-api');

export async function openRuntimeApiLink(options: LinkOptions): Promise<RuntimeApiLink> {
  const { server } = options;
  if (options.path === 'tunnel') return openTunnelLink(options);
  if (options.path === 'gateway') {
    const address = await server.listen(await options.gateway());
    const upstream = `${address.host}:${address.port}`;
    return {
      kind: 'tcp',
      env: options.hasLsimEntry ? { LSIM_RUNTIME_API_UPSTREAM: upstream } : { AWS_LAMBDA_RUNTIME_API: upstream },
      mounts: [],
      peerChecked: true,
      close: () => server.close(),
    };
  }
  const { folder, socket, relaySocket } =
    options.folderReady === true
      ? linkPaths(options.home, options.environmentId)
      : await createLinkFolder(options.home, options.environmentId);
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= server.close().finally(() => rm(folder, { recursive: true, force: true }));
    return closed;
  };
  try {
    await server.listenOnSocket(socket);
  } catch (error) {
    await close();
    throw error;
  }
  return { kind: 'socket', ...socketLinkSpec(options.home, options.environmentId), peerChecked: false, relaySocket, close };
}

async function openTunnelLink(options: LinkOptions): Promise<RuntimeApiLink> {
  const { server } = options;
  if (options.tunnel === undefined) throw new Error('The tunnel path needs a link container.');
  const tunnel = await options.tunnel((connection) => server.serve(connection));
  let closed: Promise<void> | undefined;
  return {
    kind: 'tunnel',
    // lsim-entry waits for the tunnel's listener; a user image's runtime reads Lambda's own address.
    env: options.hasLsimEntry ? { LSIM_RUNTIME_API_TUNNEL: '1' } : { AWS_LAMBDA_RUNTIME_API: '127.0.0.1:9001' },
    mounts: [],
    peerChecked: false,
    openPort: (port) => tunnel.open(port),
    networkMode: tunnel.networkMode,
    ready: tunnel.ready,
    close: () => (closed ??= server.close().finally(() => tunnel.close())),
  };
}

interface LinkPaths {
  readonly folder: string;
  readonly socket: string;
  readonly relayFolder: string;
  readonly relaySocket: string;
}

function linkPaths(home: string, environmentId: string): LinkPaths {
  const folder = join(runtimeApiRoot(home), environmentId);
  const relayFolder = join(folder, 'relay');
  return { folder, socket: join(folder, SOCKET_NAME), relayFolder, relaySocket: join(relayFolder, RELAY_NAME) };
}

/** What the container of a socket link gets: lsim-entry's variables and the two folders, whoever made them. */
export function socketLinkSpec(home: string, environmentId: string): { env: Record<string, string>; mounts: MountSpec[] } {
  const { folder, relayFolder } = linkPaths(home, environmentId);
  return {
    env: { LSIM_RUNTIME_API_SOCKET: `${RUNTIME_API_MOUNT}/${SOCKET_NAME}`, LSIM_TELEMETRY_RELAY: `${RELAY_MOUNT}/${RELAY_NAME}` },
    mounts: [
      { type: 'bind', source: folder, target: RUNTIME_API_MOUNT, readOnly: true },
      { type: 'bind', source: relayFolder, target: RELAY_MOUNT, readOnly: false },
    ],
  };
}

/**
 * The environment's socket folder and relay folder, made before its server listens: by the link itself,
 * or earlier by the sandbox pool for a container started before it knows its function (sandbox-pool.ts).
 */
export async function createLinkFolder(home: string, environmentId: string): Promise<LinkPaths> {
  const paths = linkPaths(home, environmentId);
  const { folder, relayFolder, relaySocket } = paths;
  // The relay's is the longer of the two paths.
  if (Buffer.byteLength(relaySocket) > MAX_SOCKET_PATH_BYTES) {
    throw new LsimError(
      'ServiceException',
      `The Runtime API socket path ${relaySocket} is longer than the ${MAX_SOCKET_PATH_BYTES} bytes a unix socket allows: use a shorter LSIM_HOME.`,
    );
  }
  // The root is private to lsim's user; the environment's folder is traversable (not listable) by the
  // sandbox user (uid 993), which connects to the 0666 socket through its bind mount only.
  await mkdir(runtimeApiRoot(home), { recursive: true, mode: 0o700 });
  await mkdir(folder, { mode: 0o700 });
  await chmod(folder, 0o711);
  // The container's relay creates its socket here as the sandbox user: writable and traversable, not
  // listable; nobody else reaches it, since the root above is private and only this container mounts it.
  await mkdir(relayFolder, { mode: 0o700 });
  await chmod(relayFolder, 0o733);
  return paths;
}
