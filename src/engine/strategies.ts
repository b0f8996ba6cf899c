import type { ContainerEngine } from './container-engine.js';

/**
 * How an execution environment is made on one engine, decided once from what the engine tells (on this
 * machine's kernel and filesystem or not; `LSIM_PORTABLE_MOUNTS=1` answers "not"). Every choice that
 * depends on where the engine runs reads this, so a remote engine differs from a local one in one place
 * (docs/remote-engines.md).
 */
export interface EngineStrategies {
  /** False for an engine on another machine (or LSIM_PORTABLE_MOUNTS=1). */
  readonly local: boolean;
  /**
   * How /var/task and /opt reach the container: this machine's folders bind-mounted (several layers as a
   * read-only overlay), or content-addressed volumes filled once through the engine API (portable-volumes.ts).
   */
  readonly content: 'host-mounts' | 'volumes';
  /**
   * /tmp: an ext4 disk of the function's EphemeralStorage loop-mounted here (docs/ephemeral-storage.md), or a
   * volume on the engine, on disk but unsized (docs/remote-engines.md#tmp).
   */
  readonly tmp: 'loop-disk' | 'engine-volume';
  /**
   * What needs this machine's kernel to be the engine's: lsim's iptables rule on the bridge, the sandbox pool
   * (mounts made here under running containers), host cgroup memory reads, foreign-ELF masks, the QEMU check.
   */
  readonly hostFeatures: boolean;
  /** How a runtime reaches its Runtime API (runtime-api-link.ts), for lsim's image (with lsim-entry) or a user's. */
  runtimeApi(hasLsimEntry: boolean): RuntimeApiPath;
}

/**
 * - `socket`: a unix socket in a folder only the container mounts, relayed to 127.0.0.1:9001 by lsim-entry;
 * - `gateway`: TCP on the lsim network's gateway, an address of this machine (a local engine, a user image);
 * - `tunnel`: a link container on the engine carries 127.0.0.1:9001 of the environment's network namespace
 *   over its attach stream, which lsim opened through the engine API (docs/remote-engines.md#runtime-api).
 */
export type RuntimeApiPath = 'socket' | 'gateway' | 'tunnel';

export function strategiesFor(local: boolean): EngineStrategies {
  return {
    local,
    content: local ? 'host-mounts' : 'volumes',
    tmp: local ? 'loop-disk' : 'engine-volume',
    hostFeatures: local,
    runtimeApi: (hasLsimEntry) => (!local ? 'tunnel' : hasLsimEntry ? 'socket' : 'gateway'),
  };
}

const decided = new WeakMap<ContainerEngine, Promise<EngineStrategies>>();

/** The engine's strategies, asked of the engine once per engine object. */
export function engineStrategies(engine: ContainerEngine): Promise<EngineStrategies> {
  let strategies = decided.get(engine);
  if (strategies === undefined) {
    strategies = engine.sharesHostFilesystem().then(strategiesFor);
    // A failed question (engine down) is asked again next time.
    strategies.catch(() => decided.delete(engine));
    decided.set(engine, strategies);
  }
  return strategies;
}
