import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig } from '../common/config.js';
import { LambdaRegistry } from './lambda-registry.js';

/**
 * Real processes against one LSIM_HOME. The registry's import graph is compiled (only it, so other
 * folders' work in progress cannot break this test) into a temp folder whose `node_modules` links to
 * the repository's, and tiny .mjs scripts drive it.
 */
const repo = resolve(import.meta.dirname, '../..');
let build: string;
let home: string;
const ACCOUNT = '123456789012';

const PUBLISH_ONCE = `
import { LambdaRegistry } from './registry/lambda-registry.js';
const [home, zip] = process.argv.slice(2);
const registry = LambdaRegistry.open({ home, accountId: '${ACCOUNT}', region: 'us-east-1', orgId: undefined, dockerHost: undefined });
const published = await registry.publishLayerVersion({ LayerName: 'shared', Content: { ZipFilePath: zip } });
process.stdout.write(String(published.Version));
registry.close();
`;

const PUBLISH_FOREVER = `
import { LambdaRegistry } from './registry/lambda-registry.js';
const [home, zip] = process.argv.slice(2);
const registry = LambdaRegistry.open({ home, accountId: '${ACCOUNT}', region: 'us-east-1', orgId: undefined, dockerHost: undefined });
for (;;) await registry.publishLayerVersion({ LayerName: 'crashy', Content: { ZipFilePath: zip } });
`;

beforeAll(async () => {
  build = mkdtempSync(join(tmpdir(), 'lsim-build-'));
  symlinkSync(join(repo, 'node_modules'), join(build, 'node_modules'));
  await execa(
    join(repo, 'node_modules/.bin/tsc'),
    [
      '--outDir',
      build,
      '--rootDir',
      join(repo, 'src'),
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      '--types',
      'node',
      join(repo, 'src/registry/lambda-registry.ts'),
    ],
    { cwd: repo },
  );
  writeFileSync(join(build, 'publish-once.mjs'), PUBLISH_ONCE);
  writeFileSync(join(build, 'publish-forever.mjs'), PUBLISH_FOREVER);
  home = mkdtempSync(join(tmpdir(), 'lsim-mp-'));
}, 120_000);

afterAll(() => {
  rmSync(build, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
});

describe('several processes on one home', () => {
  it('8 concurrent publishers get versions 1..8, none failing', async () => {
    const zips = Array.from({ length: 8 }, (_, i) => {
      const path = join(home, `in-${i}.zip`);
      writeFileSync(path, makeZip([{ name: 'f', data: `content ${i % 3}` }]));
      return path;
    });
    const runs = await Promise.all(zips.map((zip) => execa('node', [join(build, 'publish-once.mjs'), home, zip])));
    expect(runs.map((run) => Number(run.stdout)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const registry = LambdaRegistry.open(resolveConfig({ home, accountId: ACCOUNT, region: 'us-east-1' }, {}));
    try {
      expect(registry.listLayerVersions({ LayerName: 'shared' }).LayerVersions).toHaveLength(8);
    } finally {
      registry.close();
    }
  }, 60_000);

  it('a publisher killed with SIGKILL at any moment leaves no version without its blob', async () => {
    const zip = join(home, 'big.zip');
    writeFileSync(zip, makeZip([{ name: 'noise', data: randomBytes(4_000_000), store: true }]));
    const registry = LambdaRegistry.open(resolveConfig({ home, accountId: ACCOUNT, region: 'us-east-1' }, {}), { tempGraceMs: 0 });
    const stored = (): number => registry.listLayerVersions({ LayerName: 'crashy' }).LayerVersions.length;
    // The last child is killed only once it has stored a version (then 200 ms later, mid-publish):
    // on a loaded machine a fixed delay can end before its first publish does.
    for (const delay of [150, 400, 700, undefined]) {
      const child = execa('node', [join(build, 'publish-forever.mjs'), home, zip], { reject: false });
      if (delay === undefined) {
        for (let waited = 0; stored() === 0 && waited < 30_000; waited += 50) await new Promise((done) => setTimeout(done, 50));
      }
      await new Promise((done) => setTimeout(done, delay ?? 200));
      child.kill('SIGKILL');
      await child;
    }
    try {
      const versions = registry.listLayerVersions({ LayerName: 'crashy' }).LayerVersions;
      expect(versions.length).toBeGreaterThan(0);
      for (const version of versions) {
        const blobKey =
          registry.getLayerVersion({ LayerName: 'crashy', VersionNumber: version.Version }).Content.Location.split('/').pop() ?? '';
        expect(existsSync(join(home, 'blobs', blobKey))).toBe(true);
      }
      registry.collectGarbage();
      expect(readdirSync(join(home, 'blobs', 'tmp'))).toEqual([]);
    } finally {
      registry.close();
    }
  }, 60_000);
});
