import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { LambdaClient, PublishLayerVersionCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/common/config.js';
import { startServer } from '../../src/composition/serve-services.js';
import { makeZip } from '../helpers/make-zip.js';
import { childEnv } from '../helpers/test-engine.js';

/**
 * A full disk and a read-only LSIM_HOME are the machine's faults, not lsim's bugs: the CLI names
 * the path and the cause with exit 253, lsim serve answers a ServiceException that says the same.
 * Real filesystems: a 1 MB tmpfs (full after one big zip) and a tmpfs remounted read-only (we run
 * as root, so a chmod would not stop us). No engine needed.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
let root: string;
const mounts: string[] = [];
const bigZip = makeZip([{ name: 'python/big.bin', data: randomBytes(2 * 1024 * 1024), store: true }]);
const smallZip = makeZip([{ name: 'python/a.py', data: 'A = 1\n' }]);

function tmpfs(name: string, size: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

function lsim(home: string, ...args: string[]): { status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [join(REPO, 'bin/lsim.js'), ...args], { env: childEnv(home), cwd: root, encoding: 'utf8' });
  return { status: result.status, stderr: result.stderr };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'lsim-faults-'));
  writeFileSync(join(root, 'big.zip'), bigZip);
  writeFileSync(join(root, 'small.zip'), smallZip);
});
afterAll(() => {
  for (const dir of mounts.reverse()) spawnSync('umount', ['-l', dir]);
  rmSync(root, { recursive: true, force: true });
});

describe('environment faults', () => {
  it('a full disk: the CLI names the file and ENOSPC, exit 253, and the next small publish works', () => {
    const home = join(tmpfs('full', '1m'), 'home');
    const full = lsim(home, 'publish-layer-version', '--layer-name', 'big', '--zip-file', 'fileb://big.zip');
    expect(full.status).toBe(253);
    expect(full.stderr).toMatch(
      new RegExp(
        `An error occurred \\(ServiceException\\) when calling the PublishLayerVersion operation: lsim could not .*${home}/blobs/tmp/.*: no space left on the device \\(ENOSPC\\)\\.`,
      ),
    );
    expect(full.stderr).not.toContain('bug');
    expect(lsim(home, 'publish-layer-version', '--layer-name', 'small', '--zip-file', 'fileb://small.zip').status).toBe(0);
  });

  it('a read-only home: exit 253 with the cause, never "a bug in lsim"', () => {
    const mount = tmpfs('ro', '8m');
    const home = join(mount, 'home');
    expect(lsim(home, 'publish-layer-version', '--layer-name', 'small', '--zip-file', 'fileb://small.zip').status).toBe(0);
    execFileSync('mount', ['-o', 'remount,ro', mount]);
    const publish = lsim(home, 'publish-layer-version', '--layer-name', 'small', '--zip-file', 'fileb://small.zip');
    expect(publish.status).toBe(253);
    expect(publish.stderr).toMatch(/read-only|SQLITE_CANTOPEN|EROFS/);
    expect(publish.stderr).toContain(home);
    expect(publish.stderr).not.toContain('bug');
    const fresh = lsim(join(mount, 'never-created'), 'list-layers');
    expect(fresh.status).toBe(253);
    expect(fresh.stderr).toContain(join(mount, 'never-created'));
  });

  it('lsim serve answers a full disk with a ServiceException that says so', async () => {
    const home = join(tmpfs('serve-full', '1m'), 'home');
    const server = await startServer({ config: resolveConfig({ home }, {}), host: '127.0.0.1', port: 0 });
    const client = new LambdaClient({
      endpoint: server.url,
      region: 'us-east-1',
      credentials: { accessKeyId: '123456789012', secretAccessKey: 'x' },
      maxAttempts: 1,
    });
    try {
      const error = await client.send(new PublishLayerVersionCommand({ LayerName: 'big', Content: { ZipFile: bigZip } })).then(
        () => undefined,
        (failure: unknown) => failure as { name: string; message: string; $metadata: { httpStatusCode?: number } },
      );
      expect(error?.name).toBe('ServiceException');
      expect(error?.$metadata.httpStatusCode).toBe(500);
      expect(error?.message).toMatch(/no space left on the device \(ENOSPC\)/);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
