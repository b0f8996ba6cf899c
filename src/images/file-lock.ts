import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LsimError } from '../common/errors.js';

/**
 * A cross-process lock on a file created with O_EXCL. Two lsim processes needing the same missing
 * image would otherwise both run a minutes-long mmdebstrap. A holder that died (Ctrl-C, crash) leaves
 * its file behind; a waiter on the same host sees its pid is gone and breaks the lock.
 */

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
}

export interface FileLock {
  release(): Promise<void>;
}

export interface AcquireLockOptions {
  /** Called once, when the lock is first found held by someone else. */
  readonly onWait?: (holder: LockHolder | undefined) => void;
  readonly pollMs?: number;
  /** Give up after this long: a live but hung holder, or a pid reused after the holder died. */
  readonly timeoutMs?: number;
}

/** A lock file still empty or garbled after this long belongs to a process that died while writing it. */
const UNREADABLE_STALE_MS = 10_000;

export async function acquireFileLock(path: string, options: AcquireLockOptions = {}): Promise<FileLock> {
  const { onWait, pollMs = 250, timeoutMs = 30 * 60_000 } = options;
  await mkdir(dirname(path), { recursive: true });
  // The nonce tells our file from a later holder's even when a pid is reused.
  const content = JSON.stringify({ pid: process.pid, host: hostname(), nonce: randomBytes(8).toString('hex') });
  const started = Date.now();
  let waited = false;
  for (;;) {
    if (await tryCreate(path, content)) return { release: () => releaseIfOurs(path, content) };
    const snapshot = await readSnapshot(path);
    if (snapshot === undefined) continue; // released in between
    if (await isStale(path, snapshot)) {
      await breakStale(path, snapshot.raw);
      continue;
    }
    if (!waited) {
      waited = true;
      onWait?.(snapshot.holder);
    }
    if (Date.now() - started > timeoutMs) {
      const who = snapshot.holder ? `process ${snapshot.holder.pid} on ${snapshot.holder.host}` : 'another process';
      throw new LsimError('ImageBuildFailed', `Timed out waiting for ${who} to release ${path}; remove the file if that process is gone.`);
    }
    await sleep(pollMs);
  }
}

async function tryCreate(path: string, content: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx');
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw error;
  }
}

interface Snapshot {
  readonly raw: string;
  readonly holder: LockHolder | undefined;
}

async function readSnapshot(path: string): Promise<Snapshot | undefined> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  return { raw, holder: parseHolder(raw) };
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const { pid, host } = value as Record<string, unknown>;
    return typeof pid === 'number' && typeof host === 'string' ? { pid, host } : undefined;
  } catch {
    return undefined;
  }
}

async function isStale(path: string, snapshot: Snapshot): Promise<boolean> {
  if (snapshot.holder === undefined) return (await ageMs(path)) > UNREADABLE_STALE_MS;
  // A pid means nothing on another host (shared home folder): wait for that holder or the timeout.
  return snapshot.holder.host === hostname() && !isAlive(snapshot.holder.pid);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return errnoCode(error) === 'EPERM';
  }
}

/**
 * Two waiters may judge the same file stale; without a guard the slower one would delete the lock
 * the faster one has just taken. The guard file serializes breaking, and the content is re-checked.
 */
async function breakStale(path: string, staleRaw: string): Promise<void> {
  const guard = `${path}.break`;
  if (!(await tryCreate(guard, String(process.pid)))) {
    if ((await ageMs(guard)) > UNREADABLE_STALE_MS) await unlinkIfPresent(guard);
    return;
  }
  try {
    const current = await readSnapshot(path);
    if (current?.raw === staleRaw) await unlinkIfPresent(path);
  } finally {
    await unlinkIfPresent(guard);
  }
}

async function releaseIfOurs(path: string, content: string): Promise<void> {
  const current = await readSnapshot(path);
  if (current?.raw === content) await unlinkIfPresent(path);
}

async function ageMs(path: string): Promise<number> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 0;
    throw error;
  }
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error;
  }
}

function errnoCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}
