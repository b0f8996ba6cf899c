import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig, type LsimConfig } from '../common/config.js';
import { LambdaRegistry } from './lambda-registry.js';

let home: string;
let config: LsimConfig;
let registry: LambdaRegistry;
const blobs = (): string[] =>
  readdirSync(join(home, 'blobs'))
    .filter((name) => name.endsWith('.zip'))
    .sort();

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-gc-'));
  config = resolveConfig({ home, accountId: '123456789012', region: 'us-east-1', updateDelayMs: 0 }, {});
  registry = LambdaRegistry.open(config, { tempGraceMs: 0 });
});
afterEach(() => {
  registry.close();
  rmSync(home, { recursive: true, force: true });
});

describe('collectGarbage', () => {
  it('stores identical zips once and keeps a blob while any version or function needs it', async () => {
    const layerZip = makeZip([{ name: 'lib/a', data: 'layer' }]);
    const v1 = await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: layerZip } });
    await registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: layerZip } });
    expect(blobs()).toHaveLength(1);
    await registry.createFunction({
      FunctionName: 'fn',
      Runtime: 'nodejs20.x',
      Handler: 'index.handler',
      Code: { ZipFile: makeZip([{ name: 'index.js', data: 'fn' }]) },
      Layers: [v1.LayerVersionArn],
    });
    expect(blobs()).toHaveLength(2);
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 1 });
    registry.deleteLayerVersion({ LayerName: 'lib', VersionNumber: 2 });
    expect(registry.collectGarbage()).toBe(0);
    expect(blobs()).toHaveLength(2);
    registry.deleteFunction({ FunctionName: 'fn' });
    const freed = registry.collectGarbage();
    expect(freed).toBeGreaterThan(layerZip.length);
    expect(blobs()).toEqual([]);
  });

  it('removes orphan blobs and old temp files, and leaves young temp files to their intake', () => {
    const orphan = join(home, 'blobs', `${'ab'.repeat(32)}.zip`);
    const temp = join(home, 'blobs', 'tmp', 'leftover.zip');
    writeFileSync(orphan, 'orphan');
    writeFileSync(temp, 'temp');
    const patient = LambdaRegistry.open(config); // default grace: an hour
    try {
      expect(patient.collectGarbage()).toBe('orphan'.length);
      expect(existsSync(temp)).toBe(true);
    } finally {
      patient.close();
    }
    expect(registry.collectGarbage()).toBe('temp'.length);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(temp)).toBe(false);
  });

  it('leaves no temp file behind after a rejected zip', async () => {
    await expect(registry.publishLayerVersion({ LayerName: 'lib', Content: { ZipFile: Buffer.from('nope') } })).rejects.toThrow();
    expect(readdirSync(join(home, 'blobs', 'tmp'))).toEqual([]);
  });
});
