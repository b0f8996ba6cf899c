import { spawn } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import type { LsimConfig } from '../common/config.js';
import { isOwnerAlive, ownerToken } from '../common/process-owner.js';
import { resolveDockerConnection } from '../engine/connection.js';
import { LSIM_LABELS, type ContainerEngine } from '../engine/container-engine.js';

/**
 * What an lsim process killed with `kill -9` leaves behind, and how the next one reclaims it
 * without `lsim gc`: every container carries its creator's owner token (dev.lsim.owner), every
 * temp file and half-extracted tree has it in its name (`blobs/tmp/<owner>_<uuid>.zip`,
 * `extract/<sha>.tmp-<owner>_<hex>`); a token whose process is gone (process-owner.ts) marks them
 * abandoned. `lsim serve` and `lsim invoke` run this at start; it costs two readdirs and one
 * engine list call, which runs beside the invoke, not before it.
 *
 * And so that a killed process's containers do not run on until then, `startWatchdog` leaves a tiny
 * detached process holding a pipe from this one: when the pipe closes (this process exited, however),
 * it force-removes the containers carrying this process's owner token and exits.
 */

/** `<owner>_...`: the owner token of a temp name, if it has one. */
const ownerOf = (name: string): string | undefined => {
  const cut = name.indexOf('_');
  return cut > 0 ? name.slice(0, cut) : undefined;
};

export interface Reclaimed {
  readonly files: number;
  readonly containers: number;
}

/** Removes temp uploads and half-extracted trees whose owner process is dead. Synchronous: two readdirs. */
export function reclaimAbandonedFiles(home: string): number {
  let removed = 0;
  const alive = new Map<string, boolean>();
  const dead = (owner: string | undefined): boolean => {
    if (owner === undefined) return false; // not named by lsim's owner scheme: lsim gc's business
    let live = alive.get(owner);
    if (live === undefined) alive.set(owner, (live = isOwnerAlive(owner)));
    return !live;
  };
  const tempDir = join(home, 'blobs', 'tmp');
  for (const name of list(tempDir)) {
    if (!dead(ownerOf(name))) continue;
    rmSync(join(tempDir, name), { force: true });
    removed += 1;
  }
  const extractDir = join(home, 'extract');
  for (const name of list(extractDir)) {
    const cut = name.indexOf('.tmp-');
    if (cut < 0 || !dead(ownerOf(name.slice(cut + 5)))) continue;
    rmSync(join(extractDir, name), { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}

/** Removes the containers of this LSIM_HOME whose creating process is dead (running or exited). */
export async function reclaimAbandonedContainers(engine: ContainerEngine, home: string): Promise<number> {
  if (engine.listContainerLabels === undefined) return 0;
  const containers = await engine.listContainerLabels({ [LSIM_LABELS.managed]: 'true', [LSIM_LABELS.home]: home });
  let removed = 0;
  for (const { id, labels } of containers) {
    const owner = labels[LSIM_LABELS.owner];
    if (owner === undefined || isOwnerAlive(owner)) continue;
    await engine.removeContainer(id).catch(() => undefined);
    removed += 1;
  }
  return removed;
}

let watchdog: Socket | undefined;

/**
 * Once per process: the detached watchdog described above, for engines on a unix socket or plain
 * TCP (a TLS engine gets none; the next start still reclaims). Never delays the caller: spawn
 * returns at once and the watchdog holds no reference that keeps this process alive.
 */
export function startWatchdog(config: LsimConfig): void {
  if (watchdog !== undefined) return;
  const { options } = resolveDockerConnection(config.dockerHost);
  if (options.protocol !== 'http') return;
  const target = options.socketPath !== undefined ? { socketPath: options.socketPath } : { host: options.host, port: options.port };
  const child = spawn(process.execPath, ['-e', WATCHDOG, JSON.stringify(target), `${LSIM_LABELS.owner}=${ownerToken()}`], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => undefined);
  child.unref();
  watchdog = (child.stdin as Socket | null) ?? undefined;
  watchdog?.on('error', () => undefined);
  watchdog?.unref();
}

/** The watchdog's program: wait for EOF on stdin, then force-remove the owner's containers through the engine API. */
const WATCHDOG = `
const http = require('node:http');
const target = JSON.parse(process.argv[1]);
const label = process.argv[2];
const call = (method, path) => new Promise((resolve) => {
  const request = http.request({ ...target, method, path, timeout: 30000 }, (response) => {
    let body = '';
    response.setEncoding('utf8').on('data', (chunk) => (body += chunk)).on('end', () => resolve(body));
  });
  request.on('error', () => resolve('')).on('timeout', () => request.destroy());
  request.end();
});
let reaping = false;
const reap = async () => {
  if (reaping) return;
  reaping = true;
  const filters = encodeURIComponent(JSON.stringify({ label: [label] }));
  let containers = [];
  try { containers = JSON.parse((await call('GET', '/containers/json?all=1&filters=' + filters)) || '[]'); } catch {}
  for (const container of containers) await call('DELETE', '/containers/' + container.Id + '?force=1&v=1');
  process.exit(0);
};
process.stdin.on('end', reap).on('close', reap).on('error', reap).resume();
`;

function list(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
