import { buffer } from 'node:stream/consumers';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { packBuildContext } from './build-context.js';
import type { ContextEntry } from './context-files.js';

async function unpack(
  stream: Readable,
): Promise<Array<{ name: string; type: string; mode: number; linkname: string | null; body: string }>> {
  const extract = tar.extract();
  const done = (async () => {
    const out: Array<{ name: string; type: string; mode: number; linkname: string | null; body: string }> = [];
    for await (const entry of extract) {
      const body = (await buffer(entry)).toString('utf8');
      out.push({
        name: entry.header.name,
        type: entry.header.type ?? '',
        mode: entry.header.mode ?? -1,
        linkname: entry.header.linkname ?? null,
        body,
      });
    }
    return out;
  })();
  extract.end(await buffer(stream));
  return done;
}

const entries: ContextEntry[] = [
  { type: 'file', path: 'Dockerfile', mode: 0o644, content: Buffer.from('FROM x\n') },
  { type: 'directory', path: 'bin', mode: 0o755 },
  { type: 'file', path: 'bin/bootstrap', mode: 0o755, content: Buffer.from('#!/bin/sh\n') },
  { type: 'symlink', path: 'bin/alias', target: 'bootstrap' },
];

describe('packBuildContext', () => {
  it('is a Node stream holding the entries in order with their modes', async () => {
    const stream = packBuildContext(entries);
    expect(stream).toBeInstanceOf(Readable);
    const unpacked = await unpack(stream);
    expect(unpacked.map(({ name, type }) => `${type} ${name}`)).toEqual([
      'file Dockerfile',
      'directory bin',
      'file bin/bootstrap',
      'symlink bin/alias',
    ]);
    expect(unpacked[0]).toMatchObject({ mode: 0o644, body: 'FROM x\n' });
    expect(unpacked[2]).toMatchObject({ mode: 0o755, body: '#!/bin/sh\n' });
    expect(unpacked[3]).toMatchObject({ linkname: 'bootstrap' });
  });

  it('makes the same bytes for the same entries', async () => {
    const first = await buffer(packBuildContext(entries));
    const second = await buffer(packBuildContext(entries));
    expect(first.equals(second)).toBe(true);
  });
});
