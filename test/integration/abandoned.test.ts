import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { makeZip } from '../helpers/make-zip.js';
import { childEnv, docker } from '../helpers/test-engine.js';

/**
 * `kill -9` of an lsim process: its running container is removed by its watchdog at once, and
 * what it left (a partial upload in blobs/tmp, a half-extracted tree, an exited container) is
 * reclaimed by the next `lsim serve` or `lsim invoke`, without `lsim gc`.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SLOW = `export const handler = async () => {
  await new Promise((resolve) => setTimeout(resolve, 120000));
  return 'late';
};
`;
let lsim: LsimHome;

/** The owner token (process-owner.ts) of a live process, read before it is killed. */
function tokenOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? '';
  return `${pid}.${start}.${readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()}`;
}

function lsimChild(...args: string[]): { child: ChildProcess; stderr: () => string; exited: Promise<unknown> } {
  const child = spawn(process.execPath, [join(REPO, 'bin/lsim.js'), ...args], {
    env: childEnv(lsim.home),
    cwd: lsim.home,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return { child, stderr: () => stderr, exited: once(child, 'exit') };
}

async function listening(served: { stderr: () => string }): Promise<string> {
  await expect.poll(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(served.stderr())?.[1], { timeout: 30_000 }).toBeDefined();
  return /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(served.stderr())?.[1] ?? '';
}

beforeAll(async () => {
  lsim = new LsimHome('lsim-it-abandoned-');
  await lsim.registry.createFunction({
    FunctionName: 'slow',
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Role: 'arn:aws:iam::123456789012:role/r',
    Timeout: 300,
    Code: { ZipFile: makeZip([{ name: 'index.mjs', data: SLOW }]) },
  });
});
afterAll(() => lsim?.dispose());

describe('what a killed lsim leaves behind', () => {
  it('kill -9 mid-invoke: the running container is removed without waiting for the next lsim', async () => {
    const invoke = lsimChild('invoke', '--function-name', 'slow', 'out.json');
    await expect.poll(() => lsim.leftoverContainers().length, { timeout: 60_000, interval: 100 }).toBe(1);
    const [id] = lsim.leftoverContainers();
    expect(docker(['inspect', '--format', `{{index .Config.Labels "${LSIM_LABELS.owner}"}}`, id ?? ''])[0]).toBe(
      tokenOf(invoke.child.pid ?? 0),
    );
    const killedAt = Date.now();
    invoke.child.kill('SIGKILL');
    await invoke.exited;
    await expect.poll(() => lsim.leftoverContainers(), { timeout: 15_000, interval: 100 }).toEqual([]);
    expect(Date.now() - killedAt).toBeLessThan(15_000);
  });

  it('kill -9 mid-publish: the next lsim serve removes the partial upload, dead trees and exited containers', async () => {
    const first = lsimChild('serve', '--port', '0');
    const url = new URL(await listening(first));
    const token = tokenOf(first.child.pid ?? 0);
    // An upload that never ends: its ZipFile streams into blobs/tmp until the server dies.
    const upload = request({ host: url.hostname, port: url.port, method: 'POST', path: '/2018-10-31/layers/big/versions' });
    upload.on('error', () => undefined);
    upload.setHeader('content-type', 'application/json');
    upload.write('{"Content":{"ZipFile":"');
    upload.write('QUFB'.repeat(256 * 1024));
    const tempDir = join(lsim.home, 'blobs', 'tmp');
    await expect.poll(() => readdirSync(tempDir).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const partial = readdirSync(tempDir);
    expect(partial.every((name) => name.startsWith(`${token}_`))).toBe(true);
    first.child.kill('SIGKILL');
    await first.exited;
    upload.destroy();

    // What else a killed process of this owner leaves: a half-extracted tree and an exited container.
    const halfTree = join(lsim.home, 'extract', `${'ab'.repeat(32)}.tmp-${token}_0123456789ab`);
    mkdirSync(join(halfTree, 'python'), { recursive: true });
    writeFileSync(join(halfTree, 'python', 'half.py'), '');
    const image =
      execFileSync('docker', ['images', '--format', '{{.Repository}}:{{.Tag}}', 'lsim/nodejs'], { encoding: 'utf8' }).split('\n')[0] ?? '';
    const exited = execFileSync(
      'docker',
      [
        'create',
        '--label',
        `${LSIM_LABELS.managed}=true`,
        '--label',
        `${LSIM_LABELS.home}=${lsim.home}`,
        '--label',
        `${LSIM_LABELS.owner}=${token}`,
        image,
        'true',
      ],
      { encoding: 'utf8' },
    ).trim();
    // Not ours to take: a live process's temp file.
    const live = join(tempDir, `${tokenOf(process.pid)}_live.zip`);
    writeFileSync(live, 'x');

    const second = lsimChild('serve', '--port', '0');
    try {
      await listening(second);
      await expect.poll(() => readdirSync(tempDir), { timeout: 10_000 }).toEqual([`${tokenOf(process.pid)}_live.zip`]);
      await expect.poll(() => existsSync(halfTree), { timeout: 10_000 }).toBe(false);
      await expect.poll(() => lsim.leftoverContainers().includes(exited), { timeout: 10_000 }).toBe(false);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
    expect(existsSync(live)).toBe(true);
  });
});
