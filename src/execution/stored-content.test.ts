import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig, type LsimConfig } from '../common/config.js';
import { LambdaRegistry } from '../registry/lambda-registry.js';
import { codeSha256Hex } from '../registry/stored-layer-version.js';
import { BlobStore } from '../registry/blob-store.js';
import { ExtractionCache } from './extraction-cache.js';
import { planForFunction } from './prepare-plan.js';

let home: string;
let config: LsimConfig;
let registry: LambdaRegistry;
const layerZip = makeZip([{ name: 'python/published.py', data: 'X = 1\n' }]);
const otherZip = makeZip([{ name: 'python/evil.py', data: 'X = 2\n' }]);
const codeZip = makeZip([{ name: 'app.py', data: 'def handler(e, c):\n    return 1\n' }]);

async function setUp(): Promise<{ layerArn: string; layerBlob: string; codeBlob: string }> {
  const layer = await registry.publishLayerVersion({ LayerName: 'deps', Content: { ZipFile: layerZip } });
  const fn = await registry.createFunction({
    FunctionName: 'f',
    Runtime: 'python3.12',
    Role: 'arn:aws:iam::123456789012:role/r',
    Handler: 'app.handler',
    Code: { ZipFile: codeZip },
    Layers: [layer.LayerVersionArn],
  });
  const store = new BlobStore(home);
  return {
    layerArn: layer.LayerVersionArn,
    layerBlob: store.pathOf(codeSha256Hex(layer.Content.CodeSha256)),
    codeBlob: store.pathOf(codeSha256Hex(fn.CodeSha256)),
  };
}

async function planError(): Promise<{ code: string; message: string }> {
  try {
    await planForFunction(registry.resolveFunction({ FunctionName: 'f' }), config, new ExtractionCache(home));
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected the plan to fail');
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-stored-'));
  config = resolveConfig({ home, accountId: '123456789012', region: 'us-east-1', updateDelayMs: 0 }, {});
  registry = LambdaRegistry.open(config);
});
afterEach(() => {
  registry.close();
  rmSync(home, { recursive: true, force: true });
});

describe('stored zips are checked against their CodeSha256 when extracted', () => {
  it('refuses a layer zip replaced by another valid zip, naming the layer version', async () => {
    const { layerArn, layerBlob } = await setUp();
    writeFileSync(layerBlob, otherZip);
    const error = await planError();
    expect(error.code).toBe('EnvironmentFault');
    expect(error.message).toContain(`Layer version ${layerArn} cannot run: its stored zip ${layerBlob} is corrupt: its SHA-256 is`);
    expect(error.message).toContain('(the file was replaced or damaged after it was stored)');
  });

  it('refuses a function zip with a flipped header byte, naming the function', async () => {
    const { codeBlob } = await setUp();
    const bytes = readFileSync(codeBlob);
    bytes[0] = (bytes[0] ?? 0) ^ 0xff; // the local file header's signature
    writeFileSync(codeBlob, bytes);
    const error = await planError();
    expect(error.code).toBe('EnvironmentFault');
    expect(error.message).toMatch(
      /^The code of function arn:aws:lambda:us-east-1:123456789012:function:f cannot run: its stored zip .* is corrupt/,
    );
  });

  it('names a deleted blob as missing, not as a bug', async () => {
    const { layerArn, layerBlob } = await setUp();
    rmSync(layerBlob);
    const error = await planError();
    expect(error).toEqual({
      code: 'EnvironmentFault',
      message: `Layer version ${layerArn} cannot run: lsim could not open ${layerBlob}: no such file or directory (ENOENT).`,
    });
  });

  it('extracts intact zips and leaves no tree of a corrupt one', async () => {
    const { layerBlob } = await setUp();
    const plan = await planForFunction(registry.resolveFunction({ FunctionName: 'f' }), config, new ExtractionCache(home));
    expect(readFileSync(join(plan.layerDirs[0] ?? '', 'python/published.py'), 'utf8')).toBe('X = 1\n');
    const cache = new ExtractionCache(home);
    const sha = 'ab'.repeat(32);
    await expect(cache.ensure(layerBlob, sha)).rejects.toThrow(/is corrupt/);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(cache.root).filter((name) => name.startsWith(sha))).toEqual([]);
  });
});
