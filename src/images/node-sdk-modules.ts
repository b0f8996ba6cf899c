import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { LsimError } from '../common/errors.js';
import { NODE_SDK_PACKAGES } from '../runtimes/bundled-sdk.js';
import { readContextDir, type ContextEntry } from './context-files.js';
import { acquireFileLock } from './file-lock.js';

/** In the nodejs family folder: the bundled SDK's manifest and lockfile (docs/runtimes.md#bundled-sdks). */
const MANIFEST = 'aws-sdk/package.json';
const LOCKFILE = 'aws-sdk/package-lock.json';
/** Where the installed tree goes in the build context; the Dockerfile copies it to /var/runtime/node_modules. */
const TREE = 'aws-sdk/node_modules';
const DONE = '.lsim-complete';

interface Lockfile {
  readonly lockfileVersion?: number;
  readonly packages?: Readonly<Record<string, { readonly version?: string; readonly integrity?: string; readonly resolved?: string }>>;
}

/**
 * The AWS SDK for JavaScript v3 tree of the nodejs family context, as build-context entries under
 * `aws-sdk/node_modules`. Installed by this machine's npm from the npm registry with `npm ci`, which
 * installs exactly the lockfile and checks every tarball against its recorded integrity; the lockfile
 * must name exactly the packages of src/runtimes/bundled-sdk.ts, each with an integrity. The tree is
 * kept under `downloadsDir`, keyed by the lockfile's hash, so the next build reuses it. An empty list
 * when the context has no lockfile.
 */
export async function fetchNodeSdk(context: readonly ContextEntry[], downloadsDir: string): Promise<ContextEntry[]> {
  const manifest = fileContent(context, MANIFEST);
  const lockfile = fileContent(context, LOCKFILE);
  if (manifest === undefined || lockfile === undefined) return [];
  checkLockfile(lockfile);

  const key = createHash('sha256').update(manifest).update(lockfile).digest('hex').slice(0, 16);
  const cached = join(downloadsDir, `aws-sdk-${key}`);
  if (!(await exists(join(cached, DONE)))) {
    // Two nodejs images build at once (ImageBuilder.buildAll): one installs, the other waits and reuses
    // its tree, so no build replaces a tree another one is reading.
    const lock = await acquireFileLock(`${cached}.lock`);
    try {
      if (!(await exists(join(cached, DONE)))) await install(manifest, lockfile, cached, downloadsDir);
    } finally {
      await lock.release();
    }
  }

  const tree = await readContextDir(join(cached, 'node_modules'), new Set(['.bin', '.package-lock.json']));
  return [
    { type: 'directory', path: TREE, mode: 0o755 },
    ...tree.map((entry): ContextEntry => ({ ...entry, path: `${TREE}/${entry.path}` })),
  ];
}

function fileContent(context: readonly ContextEntry[], path: string): Buffer | undefined {
  const entry = context.find((candidate) => candidate.path === path);
  return entry?.type === 'file' ? entry.content : undefined;
}

/** The lockfile pins every package with an integrity, and its direct dependencies are lsim's list. */
export function checkLockfile(content: Buffer): void {
  const lock = JSON.parse(content.toString('utf8')) as Lockfile;
  const packages = lock.packages ?? {};
  const problems: string[] = [];
  for (const [path, entry] of Object.entries(packages)) {
    if (path === '') continue;
    if (entry.integrity?.startsWith('sha512-') !== true) problems.push(`${path} has no sha512 integrity`);
  }
  for (const [name, version] of Object.entries(NODE_SDK_PACKAGES)) {
    const locked = packages[`node_modules/${name}`]?.version;
    if (locked !== version) problems.push(`${name} is locked at ${String(locked)}, lsim bundles ${version}`);
  }
  if (problems.length > 0) {
    throw new LsimError('ImageBuildFailed', `images/nodejs/${LOCKFILE} does not pin lsim's bundled SDK: ${problems.join('; ')}.`);
  }
}

async function install(manifest: Buffer, lockfile: Buffer, target: string, downloadsDir: string): Promise<void> {
  await mkdir(downloadsDir, { recursive: true });
  const scratch = await mkdtemp(join(downloadsDir, '.fetch-sdk-'));
  try {
    await writeFile(join(scratch, 'package.json'), manifest);
    await writeFile(join(scratch, 'package-lock.json'), lockfile);
    // No lifecycle scripts: nothing of the registry's runs on this machine.
    const installed = await execa('npm', ['ci', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: scratch,
      stdin: 'ignore',
      reject: false,
    });
    if (installed.exitCode !== 0) {
      throw new LsimError(
        'ImageBuildFailed',
        `Installing the bundled AWS SDK from the npm registry failed (npm ci exited ${String(installed.exitCode)}): ` +
          `${String(installed.stderr).trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    await writeFile(join(scratch, DONE), '');
    await rm(target, { recursive: true, force: true });
    await rename(scratch, target);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
