import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireFileLock } from './file-lock.js';

/** A pid that certainly belongs to no process: one that has just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('acquireFileLock', () => {
  let dir: string;
  let path: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lsim-lock-'));
    path = join(dir, 'locks', 'x.lock');
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is exclusive until released', async () => {
    const first = await acquireFileLock(path);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() });
    const order: string[] = [];
    let waitedFor: number | undefined;
    const second = acquireFileLock(path, { pollMs: 10, onWait: (holder) => (waitedFor = holder?.pid) }).then((lock) => {
      order.push('second');
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    order.push('release first');
    await first.release();
    await (await second).release();
    expect(order).toEqual(['release first', 'second']);
    expect(waitedFor).toBe(process.pid);
    await expect(stat(path)).rejects.toThrow();
  });

  it('breaks the lock of a process that died', async () => {
    await acquireFileLock(join(dir, 'locks', 'mkdir.lock')); // creates the folder
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: hostname(), nonce: 'n' }));
    const lock = await acquireFileLock(path, { pollMs: 10, timeoutMs: 2000 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('breaks an unreadable lock only once it is old', async () => {
    await acquireFileLock(join(dir, 'locks', 'mkdir.lock'));
    await writeFile(path, '');
    await expect(acquireFileLock(path, { pollMs: 10, timeoutMs: 100 })).rejects.toThrow(/Timed out/);
    const old = new Date(Date.now() - 60_000);
    await utimes(path, old, old);
    const lock = await acquireFileLock(path, { pollMs: 10, timeoutMs: 2000 });
    await lock.release();
  });

  it('waits for a live holder on another host instead of judging its pid', async () => {
    await acquireFileLock(join(dir, 'locks', 'mkdir.lock'));
    await writeFile(path, JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, nonce: 'n' }));
    await expect(acquireFileLock(path, { pollMs: 10, timeoutMs: 100 })).rejects.toThrow(/another|not-/);
  });

  it('does not remove a lock that is no longer its own', async () => {
    const lock = await acquireFileLock(path);
    await writeFile(path, JSON.stringify({ pid: process.pid, host: hostname(), nonce: 'someone-else' }));
    await lock.release();
    expect(await readFile(path, 'utf8')).toContain('someone-else');
  });
});
