import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { crc32, createDeflateRaw } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import { UNZIP_FAILED_MESSAGE } from './archive-errors.js';
import { extractZip } from './extract-zip.js';
import { inspectZip } from './inspect-zip.js';
import { makeZip, type ZipSpecEntry } from './zip-writer.js';

const good: ZipSpecEntry = { name: 'python/ok.py', data: 'print(1)\n', mode: 0o644 };
const zipOf = (...entries: ZipSpecEntry[]): Buffer => makeZip([good, ...entries]);

/** A stored entry's data byte flipped: headers intact, CRC no longer matches. */
function corruptStoredByte(): Buffer {
  const zip = makeZip([{ name: 'a.txt', data: 'hello world', store: true, mode: 0o644 }]);
  const dataStart = 30 + 'a.txt'.length;
  zip[dataStart] = zip[dataStart]! ^ 0xff;
  return zip;
}

const layerZip = makeZip([
  { name: 'bin/', type: 'directory', mode: 0o755 },
  { name: 'bin/tool', data: '#!/bin/sh\necho hi\n', mode: 0o755 },
]);

interface HostileCase {
  readonly title: string;
  readonly bytes: () => Buffer;
  readonly message: string;
}

const cases: readonly HostileCase[] = [
  {
    title: 'zip-slip ../x',
    bytes: () => zipOf({ name: '../evil', data: 'x' }),
    message: 'Archive entry "../evil" escapes the archive root.',
  },
  {
    title: 'zip-slip a/../../x',
    bytes: () => zipOf({ name: 'a/../../x', data: 'x' }),
    message: 'Archive entry "a/../../x" escapes the archive root.',
  },
  {
    title: 'absolute /etc/x',
    bytes: () => zipOf({ name: '/etc/x', data: 'x' }),
    message: 'Archive entry "/etc/x" is an absolute path; entries must be relative to the archive root.',
  },
  {
    title: 'drive letter C:/x',
    bytes: () => zipOf({ name: 'C:/x', data: 'x' }),
    message: 'Archive entry "C:/x" is an absolute path; entries must be relative to the archive root.',
  },
  {
    title: 'backslash',
    bytes: () => zipOf({ name: 'lib\\..\\..\\x', data: 'x' }),
    message: 'Archive entry "lib\\\\..\\\\..\\\\x" contains a backslash; zip entry paths must use forward slashes.',
  },
  {
    title: 'symlink escaping the root',
    bytes: () => zipOf({ name: 'lib/x', type: 'symlink', target: '../../etc/passwd' }),
    message: 'Archive entry "lib/x" is a symbolic link to "../../etc/passwd", which points outside the archive root.',
  },
  {
    title: 'symlink with an absolute target',
    bytes: () => zipOf({ name: 'lib/x', type: 'symlink', target: '/etc/passwd' }),
    message:
      'Archive entry "lib/x" is a symbolic link to "/etc/passwd", an absolute path; only relative links inside the archive are allowed.',
  },
  {
    // Each link looks harmless on its own: d/l -> .. is the root, m -> d/l/.. reads as "d"; but
    // the kernel follows d/l first, so m really is the root's parent.
    title: 'symlink chain escaping through another link',
    bytes: () => zipOf({ name: 'd/l', type: 'symlink', target: '..' }, { name: 'm', type: 'symlink', target: 'd/l/..' }),
    message: 'Archive entry "m" is a symbolic link to "d/l/..", which points outside the archive root.',
  },
  {
    title: 'entry written through a symlink',
    bytes: () => zipOf({ name: 'lib', type: 'symlink', target: 'python' }, { name: 'lib/x', data: 'x' }),
    message: 'Archive entry "lib/x" lies inside "lib", which the archive also lists as a file or symbolic link.',
  },
  {
    title: 'a 300-byte file name',
    bytes: () => zipOf({ name: `python/${'n'.repeat(300)}.py`, data: 'x' }),
    message: `Archive entry "python/${'n'.repeat(93)}…" has a file name of 303 bytes; file names are limited to 255 bytes.`,
  },
  {
    title: 'a 4,200-byte path of short names',
    bytes: () => zipOf({ name: `${'d/'.repeat(2100)}x`, data: 'x' }),
    message: `Archive entry "${'d/'.repeat(50)}…" has a path of 4201 bytes; entry paths are limited to 4000 bytes.`,
  },
  {
    title: 'duplicate names',
    bytes: () => zipOf({ name: 'a/b', data: '1' }, { name: 'a/b', data: '2' }),
    message: 'Archive contains the entry "a/b" more than once.',
  },
  {
    title: 'duplicate after normalising the trailing slash',
    bytes: () => zipOf({ name: 'python/', type: 'directory' }, { name: 'python', data: 'x' }),
    message: 'Archive contains the entry "python" more than once.',
  },
  {
    title: 'encrypted entry',
    bytes: () => zipOf({ name: 'secret.txt', data: 'x', encrypted: true }),
    message: 'Archive entry "secret.txt" is encrypted; encrypted zip entries are not supported.',
  },
  { title: 'truncated file', bytes: () => layerZip.subarray(0, Math.floor(layerZip.length / 2)), message: UNZIP_FAILED_MESSAGE },
  {
    title: 'random bytes',
    bytes: () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)),
    message: UNZIP_FAILED_MESSAGE,
  },
  { title: 'empty file', bytes: () => Buffer.alloc(0), message: UNZIP_FAILED_MESSAGE },
  { title: 'CRC mismatch', bytes: corruptStoredByte, message: UNZIP_FAILED_MESSAGE },
  {
    title: 'deflated entry shorter than its header says',
    bytes: () => zipOf({ name: 'a.txt', data: 'hello', claimedSize: 50 }),
    message: UNZIP_FAILED_MESSAGE,
  },
  {
    title: 'deflated entry longer than its header says (under the limit)',
    bytes: () => zipOf({ name: 'a.txt', data: 'hello world', claimedSize: 3 }),
    message: UNZIP_FAILED_MESSAGE,
  },
  {
    // yauzl's own size validation (stored entries must have equal sizes) must surface as the same error.
    title: 'stored entry whose sizes disagree',
    bytes: () => zipOf({ name: 'a.txt', data: 'hello', store: true, claimedSize: 9 }),
    message: UNZIP_FAILED_MESSAGE,
  },
  {
    title: 'garbage instead of deflate data',
    bytes: () => {
      const zip = makeZip([{ name: 'a.txt', data: 'some text that deflates', mode: 0o644 }]);
      zip.fill(0xff, 30 + 5, 30 + 5 + 4);
      return zip;
    },
    message: UNZIP_FAILED_MESSAGE,
  },
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lsim-hostile-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeZip(bytes: Buffer): Promise<string> {
  const path = join(dir, 'upload.zip');
  await writeFile(path, bytes);
  return path;
}

async function rejection(work: Promise<unknown>): Promise<LsimError> {
  const error = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(LsimError);
  return error as LsimError;
}

describe.each(cases)('hostile archive: $title', ({ bytes, message }) => {
  it('is refused by inspectZip with InvalidParameterValueException', async () => {
    const error = await rejection(inspectZip(await writeZip(bytes())));
    expect(error.code).toBe('InvalidParameterValueException');
    expect(error.message).toBe(message);
  });

  it('is refused by extractZip, leaving nothing beside the destination', async () => {
    const zip = await writeZip(bytes());
    const parent = join(dir, 'cache');
    const error = await rejection(extractZip(zip, join(parent, 'layer')));
    expect(error.code).toBe('InvalidParameterValueException');
    expect(error.message).toBe(message);
    expect(await readdir(parent)).toEqual([]);
  });
});

describe('unzip failures', () => {
  it('keep Lambda sentence as the message and the low-level reason as the cause', async () => {
    const error = await rejection(inspectZip(await writeZip(corruptStoredByte())));
    expect(error.message).toBe(UNZIP_FAILED_MESSAGE);
    expect(String((error.cause as Error).message)).toMatch(/CRC-32 mismatch/);
  });

  it('lets a missing path through as the filesystem error it is', async () => {
    await expect(inspectZip(join(dir, 'nope.zip'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('unzipped size limit', () => {
  const limitMessage = (limit: number): string => `Unzipped size must be smaller than ${limit} bytes`;

  it('stops a bomb whose header claims a tiny size, with the size message', async () => {
    // 300 MB of zeros, deflated in slices so the test never holds them inflated.
    const slice = Buffer.alloc(10_000_000);
    const deflater = createDeflateRaw();
    const parts: Buffer[] = [];
    deflater.on('data', (part: Buffer) => parts.push(part));
    let crc = 0;
    for (let i = 0; i < 30; i++) {
      crc = crc32(slice, crc);
      if (!deflater.write(slice)) await once(deflater, 'drain');
    }
    deflater.end();
    await once(deflater, 'end');
    const deflated = Buffer.concat(parts);
    const zip = makeZip([{ name: 'bomb.bin', deflated: { body: deflated, crc, size: 300_000_000 }, claimedSize: 1000 }]);
    const parent = join(dir, 'cache');
    const path = await writeZip(zip);
    const error = await rejection(inspectZip(path));
    expect(error.message).toBe(limitMessage(262_144_000));
    const extractError = await rejection(extractZip(path, join(parent, 'layer')));
    expect(extractError.message).toBe(limitMessage(262_144_000));
    expect(await readdir(parent)).toEqual([]);
  });

  it('counts real sizes across many small entries', async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, data: Buffer.alloc(1000, i) }));
    const path = await writeZip(makeZip(entries));
    const error = await rejection(inspectZip(path, { maxUnzippedBytes: 15_000 }));
    expect(error.code).toBe('InvalidParameterValueException');
    expect(error.message).toBe(limitMessage(15_000));
    await expect(inspectZip(path, { maxUnzippedBytes: 20_000 })).resolves.toMatchObject({ unzippedSize: 20_000 });
  });

  it('counts a large streamed entry as it inflates', async () => {
    const path = await writeZip(makeZip([{ name: 'big.bin', data: Buffer.alloc(5_000_000, 1) }]));
    const error = await rejection(extractZip(path, join(dir, 'out', 'layer'), { maxUnzippedBytes: 4_000_000 }));
    expect(error.message).toBe(limitMessage(4_000_000));
    expect(await readdir(join(dir, 'out'))).toEqual([]);
  });
});
