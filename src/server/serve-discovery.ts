import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isOwnerAlive, ownerToken } from '../common/process-owner.js';

/**
 * How a CLI finds the `lsim serve` running on its LSIM_HOME (docs/serve.md#the-cli-reuses-a-running-server):
 * serve writes `LSIM_HOME/serve.json` with its owner token (pid, start time, boot: process-owner.ts), its
 * URL and the identity an unsigned request gets; an entry whose process is gone (killed, rebooted, its pid
 * reused) is stale and ignored.
 */
export interface ServeEntry {
  readonly owner: string;
  readonly url: string;
  /** The account and region of an unsigned request (serve's own configuration). */
  readonly accountId: string;
  readonly region: string;
  /** Serve refuses unsigned requests (--verify-signatures): the CLI cannot use it. */
  readonly verifiesSignatures: boolean;
}

const FILE = 'serve.json';

/** Writes this process's entry; the returned function removes it, unless another server replaced it since. */
export function announceServer(home: string, entry: Omit<ServeEntry, 'owner'>): () => void {
  const owner = ownerToken();
  const path = join(home, FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify({ owner, ...entry }));
  renameSync(temp, path);
  return () => {
    if (readEntry(path)?.owner === owner) rmSync(path, { force: true });
  };
}

/** The running server of this home, or undefined when there is none or its entry is stale. */
export function findServer(home: string): ServeEntry | undefined {
  const entry = readEntry(join(home, FILE));
  return entry !== undefined && isOwnerAlive(entry.owner) ? entry : undefined;
}

function readEntry(path: string): ServeEntry | undefined {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<ServeEntry>;
    if (typeof value.owner !== 'string' || typeof value.url !== 'string' || !/^http:\/\/[^/]+$/.test(value.url)) return undefined;
    if (typeof value.accountId !== 'string' || typeof value.region !== 'string') return undefined;
    return {
      owner: value.owner,
      url: value.url,
      accountId: value.accountId,
      region: value.region,
      verifiesSignatures: value.verifiesSignatures === true,
    };
  } catch {
    return undefined;
  }
}
