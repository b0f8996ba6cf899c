import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ZipFileDiverter } from './zip-file-diverter.js';

function run(text: string, chunkSize: number): { json: unknown; zip: Buffer; diverter: ZipFileDiverter } {
  const diverter = new ZipFileDiverter();
  const bytes = Buffer.from(text);
  const kept: Buffer[] = [];
  const decoded: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) {
    const out = diverter.push(bytes.subarray(at, at + chunkSize));
    kept.push(...out.kept);
    decoded.push(...out.decoded);
  }
  decoded.push(diverter.end());
  return { json: JSON.parse(Buffer.concat(kept).toString('utf8')), zip: Buffer.concat(decoded), diverter };
}

describe('ZipFileDiverter', () => {
  const zip = randomBytes(1000);
  const body = JSON.stringify({
    Description: 'a "quoted" \\ ZipFile: "x" é',
    Content: { S3Key: 'k', ZipFile: zip.toString('base64') },
    CompatibleRuntimes: ['python3.12', '{'],
  });

  it.each([1, 3, 7, 64, 100_000])('splits the zip out of the JSON in chunks of %i bytes', (size) => {
    const { json, zip: out, diverter } = run(body, size);
    expect(out.equals(zip)).toBe(true);
    expect(json).toEqual({
      Description: 'a "quoted" \\ ZipFile: "x" é',
      Content: { S3Key: 'k', ZipFile: null },
      CompatibleRuntimes: ['python3.12', '{'],
    });
    expect(diverter.zipAt).toEqual(['Content']);
  });

  it('finds a top-level ZipFile (UpdateFunctionCode) and undoes \\/ escapes', () => {
    const escaped = `{"ZipFile":"${zip.toString('base64').replaceAll('/', '\\/')}","Publish":false}`;
    const { json, zip: out, diverter } = run(escaped, 5);
    expect(out.equals(zip)).toBe(true);
    expect(json).toEqual({ ZipFile: null, Publish: false });
    expect(diverter.zipAt).toEqual([]);
  });

  it('leaves a body without ZipFile alone and flags a second ZipFile', () => {
    expect(run('{"a":{"b":[1,"ZipFile"]},"ZipFile":3}', 2).json).toEqual({ a: { b: [1, 'ZipFile'] }, ZipFile: 3 });
    const twice = run('{"Code":{"ZipFile":"AAAA"},"Content":{"ZipFile":"AAAA"}}', 4);
    expect(twice.diverter.extraZip).toBe(true);
  });
});
