import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeZip } from '../../test/helpers/make-zip.js';
import { resolveConfig } from '../common/config.js';
import { LambdaRegistry } from './lambda-registry.js';
import { isS3BucketName, objectFileName, objectPath } from './s3-objects.js';

let home: string;
const zip = (text: string): Buffer => makeZip([{ name: 'python/a.py', data: text }]);
const open = (accountId: string): LambdaRegistry => LambdaRegistry.open(resolveConfig({ home, accountId, region: 'us-east-1' }, {}));

async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error('expected a rejection');
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lsim-s3-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('objectFileName', () => {
  it('keeps plain keys as they are and percent-encodes every other byte, slashes included', () => {
    expect(objectFileName('layer.zip')).toBe('layer.zip');
    expect(objectFileName('dir/layer.zip')).toBe('dir%2Flayer.zip');
    expect(objectFileName('/layercontent.zip')).toBe('%2Flayercontent.zip');
    expect(objectFileName('dir/../x.zip')).toBe('dir%2F..%2Fx.zip');
    expect(objectFileName('a b%é')).toBe('a%20b%25%C3%A9');
  });

  it('encodes names of dots only and hashes encodings past NAME_MAX', () => {
    expect(objectFileName('.')).toBe('%2E');
    expect(objectFileName('..')).toBe('%2E%2E');
    expect(objectFileName('...')).toBe('%2E%2E%2E');
    const long = objectFileName('/'.repeat(1024));
    expect(long).toMatch(/^#[0-9a-f]{64}$/);
    expect(objectFileName('a'.repeat(255))).toBe('a'.repeat(255));
    expect(objectFileName('a'.repeat(256))).toMatch(/^#[0-9a-f]{64}$/);
  });

  it('is injective over keys that differ only by what a path would normalise away', () => {
    const keys = ['x.zip', '/x.zip', './x.zip', 'a/../x.zip', 'a//x.zip', 'x.zip/', '.', '..', '%2E', 'a%2Fb', 'a/b'];
    const names = keys.map(objectFileName);
    expect(new Set(names).size).toBe(keys.length);
    for (const name of names) expect(name).not.toMatch(/\/|^\.{1,2}$/);
  });
});

describe('bucket names', () => {
  it('follows S3 naming rules', () => {
    for (const ok of ['abc', 'my-bucket.v2', '123', 'a'.repeat(63)]) expect(isS3BucketName(ok)).toBe(true);
    for (const bad of ['..', 'ab', 'a..b', '.abc', 'abc.', '-abc', 'ABC', 'a_b', '192.168.1.1', 'a'.repeat(64), 'a/b', 'xn--abc']) {
      expect(isS3BucketName(bad)).toBe(false);
    }
  });
});

describe('S3 content, as an attacker with two accounts would try it', () => {
  it("cannot read another account's stored zip or probe files with S3Bucket '..'", async () => {
    const victim = open('111111111111');
    const attacker = open('222222222222');
    try {
      await victim.publishLayerVersion({ LayerName: 'secret', Content: { ZipFile: zip('secret') } });
      const blob = readdirSync(join(home, 'blobs')).find((name) => name.endsWith('.zip')) ?? '';
      for (const S3Key of [`blobs/${blob}`, `../blobs/${blob}`]) {
        const refused = await rejection(attacker.publishLayerVersion({ LayerName: 'copy', Content: { S3Bucket: '..', S3Key } }));
        expect(refused).toEqual({
          code: 'ValidationException',
          message:
            "2 validation errors detected: Value '..' at 'content.s3Bucket' failed to satisfy constraint: Member must have length greater than or equal to 3; " +
            "Value '..' at 'content.s3Bucket' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9A-Za-z\\.\\-_]*(?<!\\.)$",
        });
      }
      // Names the model allows but S3 does not (`...a`, `a..b`) name no folder either.
      for (const S3Bucket of ['..a', 'a..b', 'A_B']) {
        const refused = await rejection(
          attacker.publishLayerVersion({ LayerName: 'copy', Content: { S3Bucket, S3Key: `../blobs/${blob}` } }),
        );
        expect(refused).toEqual({
          code: 'InvalidParameterValueException',
          message: 'Error occurred while GetObject. S3 Error Code: InvalidBucketName. S3 Error Message: The specified bucket is not valid.',
        });
      }
      // A key that climbs out of a real bucket is just a key that does not exist.
      mkdirSync(join(home, 's3', 'mine'), { recursive: true });
      const climbing = await rejection(
        attacker.publishLayerVersion({ LayerName: 'copy', Content: { S3Bucket: 'mine', S3Key: `../../blobs/${blob}` } }),
      );
      expect(climbing.message).toContain('S3 Error Code: NoSuchKey');
      expect(attacker.listLayers({}).Layers).toEqual([]);
    } finally {
      victim.close();
      attacker.close();
    }
  });

  it('reads literal keys (leading slash, dot segments) from their encoded file names', async () => {
    const registry = open('123456789012');
    try {
      for (const [key, text] of [
        ['/layercontent.zip', 'slash'],
        ['dir/../x.zip', 'dots'],
        ['x.zip', 'plain'],
      ] as const) {
        const path = objectPath(home, 'my-bucket', key);
        mkdirSync(join(home, 's3', 'my-bucket'), { recursive: true });
        writeFileSync(path, zip(text));
      }
      const sizes = [];
      for (const key of ['/layercontent.zip', 'dir/../x.zip', 'x.zip']) {
        const published = await registry.publishLayerVersion({ LayerName: 'lib', Content: { S3Bucket: 'my-bucket', S3Key: key } });
        sizes.push(published.Content.CodeSha256);
      }
      expect(new Set(sizes).size).toBe(3);
      const empty = await rejection(registry.publishLayerVersion({ LayerName: 'lib', Content: { S3Bucket: 'my-bucket', S3Key: '' } }));
      expect(empty.message).toBe(
        "1 validation error detected: Value '' at 'content.s3Key' failed to satisfy constraint: Member must have length greater than or equal to 1",
      );
      const code = await rejection(
        registry.createFunction({
          FunctionName: 'f',
          Runtime: 'python3.12',
          Role: 'arn:aws:iam::123456789012:role/r',
          Handler: 'a.h',
          Code: { S3Bucket: 'b.', S3Key: 'x.zip' },
        }),
      );
      expect(code.message).toContain("Value 'b.' at 'code.s3Bucket' failed to satisfy constraint");
    } finally {
      registry.close();
    }
  });
});
