import type { Duplex } from 'node:stream';
import type { ContainerEngine, ContainerHandle, ContainerSpec } from '../../engine/container-engine.js';
import { LSIM_LABELS } from '../../engine/container-engine.js';
import { TunnelMux } from './tunnel-mux.js';

/** Where lsim-tunnel is in every lsim image (images/base/Dockerfile). */
export const TUNNEL_PROGRAM = '/var/runtime/lsim-tunnel';
/** perl and a few dozen connections: far below this, which only bounds a runaway. */
const LINK_MEMORY_BYTES = 64 * 1024 * 1024;

/**
 * The Runtime API of an environment on an engine that shares neither network nor files with lsim
 * (docs/remote-engines.md#runtime-api): a link container, whose lsim-tunnel listens on 127.0.0.1:9001,
 * attached (stdin included) before it starts; the function's container joins its network namespace
 * (`networkMode`). Each connection of the namespace to 9001 is handed to `serve`; `open` reaches a port of
 * the namespace from lsim (telemetry subscribers). lsim dials only the engine's API, as every other call.
 */
export interface EngineTunnel {
  /** The function container's network mode: the link container's namespace. */
  readonly networkMode: string;
  /**
   * Settles once the link container runs: the function's container can be created before (it names the link
   * container by id), and must start after (docs/remote-engines.md#what-it-costs).
   */
  readonly ready: Promise<void>;
  open(port: number): Duplex;
  /** Ends every connection and removes the link container. Idempotent. */
  close(): Promise<void>;
}

export interface TunnelOptions {
  readonly engine: ContainerEngine;
  /** An lsim image (it has perl-base and lsim-tunnel). */
  readonly image: string;
  readonly platform?: string;
  /** The environment's labels; the container's kind is `link`. */
  readonly labels: Readonly<Record<string, string>>;
  /** What the link container shares with the function's: user, network, /etc/hosts entries. */
  readonly settings: Pick<ContainerSpec, 'user' | 'networkMode' | 'extraHosts' | 'capDropAll' | 'readOnlyRootfs'>;
  readonly serve: (connection: Duplex) => void;
  /** lsim-tunnel's own failure lines. */
  readonly onError: (line: string) => void;
}

export async function openEngineTunnel(options: TunnelOptions): Promise<EngineTunnel> {
  const container = await options.engine.createContainer({
    ...options.settings,
    image: options.image,
    entrypoint: [TUNNEL_PROGRAM],
    cmd: [],
    env: {},
    labels: { ...options.labels, [LSIM_LABELS.kind]: 'link' },
    mounts: [],
    memoryBytes: LINK_MEMORY_BYTES,
    pidsLimit: 16,
    openStdin: true,
    ...(options.platform === undefined ? {} : { platform: options.platform }),
  });
  try {
    return await attachAndStart(container, options);
  } catch (error) {
    await container.remove().catch(() => undefined);
    throw error;
  }
}

async function attachAndStart(container: ContainerHandle, options: TunnelOptions): Promise<EngineTunnel> {
  if (container.attachStdio === undefined) throw new Error('The engine tunnel needs an engine that attaches stdin.');
  const { stdin, stdout, stderr } = await container.attachStdio();
  const mux = new TunnelMux(stdin, options.serve);
  stdout.on('data', (chunk: Buffer) => mux.receive(chunk));
  const ended = (): void => mux.close(new Error('The engine tunnel closed.'));
  stdout.on('end', ended);
  stdout.on('close', ended);
  stdout.on('error', ended);
  stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim() !== '') options.onError(line);
  });
  const ready = container.start();
  // Awaited before the function's container starts; a failure meanwhile is no unhandled rejection.
  ready.catch(() => undefined);
  let closed: Promise<void> | undefined;
  return {
    networkMode: `container:${container.id}`,
    ready,
    open: (port) => mux.open(port),
    close: () => {
      closed ??= (async () => {
        mux.close();
        stdin.end();
        await container.remove().catch(() => undefined);
      })();
      return closed;
    },
  };
}
