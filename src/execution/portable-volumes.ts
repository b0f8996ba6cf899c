import { createHash } from 'node:crypto';
import { basename, dirname, resolve } from 'node:path';
import type { ContainerEngine, ContainerHandle, MountSpec } from '../engine/container-engine.js';
import { LSIM_LABELS } from '../engine/container-engine.js';
import { LsimError } from '../common/errors.js';
import { COMPLETE_MARKER, packMarker, packMergedTree, walkTree, type DiskEntry } from './tree-tar.js';

/**
 * /opt and /var/task for an engine that does not share this machine's filesystem (a remote
 * DOCKER_HOST, or LSIM_PORTABLE_MOUNTS=1): bind mounts and overlay lowerdirs name paths the engine
 * cannot see, so the trees travel through the Docker API instead, once. Each merged /opt (and each
 * code tree) gets a named volume whose name is a hash of its content keys, filled through a
 * short-lived helper container (created, never started: the archive endpoint writes into a
 * created container's volumes) with one streamed tar, then the completion marker in a second
 * upload. Every later invoke of the same layers mounts the filled volume read-only: no copy, no
 * helper, no image rebuild.
 *
 * Completeness: a volume's labels are fixed at creation and a volume cannot be renamed, so "filled"
 * is a marker file written into the volume by a second upload that only starts after the engine
 * acknowledged the whole tree. A crash mid-fill leaves no marker; the next invoke fills again over
 * the partial tree (same content, by construction of the name). The price: `.lsim-complete` is
 * visible at the root of a portable /opt and /var/task. The engine's unique container names make
 * the helper's name (`lsim-fill-<volume>`) a lock across lsim processes: two first invokes of the
 * same layers never write into one volume at the same time.
 */

export const PORTABLE_OPT_PREFIX = 'lsim-optp-';
export const PORTABLE_CODE_PREFIX = 'lsim-codep-';
const FILL_PREFIX = 'lsim-fill-';
/** Bumped when the volume layout changes, so old volumes are never mistaken for new ones. */
const LAYOUT = 'portable-v1';
const SHA256_HEX = /^[0-9a-f]{64}$/;
/** How long a fill may hold its lock before another process breaks it as stale (a crashed lsim). */
const FILL_LOCK_STALE_MS = 10 * 60_000;
const FILL_LOCK_POLL_MS = 200;

/** A tree lsim puts into a volume: its name and the folders it is merged from (first = lowest). */
export interface PortableVolume {
  readonly name: string;
  readonly target: '/opt' | '/var/task';
  readonly trees: readonly string[];
}

/**
 * The content key of a tree: the extraction cache names its folders by the zip's SHA-256, which
 * is the key itself; any other folder (an ad-hoc `--code DIR` / `--layer DIR`) is keyed by a
 * fingerprint of its listing (paths, kinds, modes, sizes, mtimes, link targets), so an edit gives
 * a new volume and an unchanged folder reuses its own.
 */
export async function treeKey(dir: string, extractRoot: string): Promise<string> {
  const absolute = resolve(dir);
  if (dirname(absolute) === resolve(extractRoot) && SHA256_HEX.test(basename(absolute))) return `sha256:${basename(absolute)}`;
  return `listing:${listingFingerprint(await walkTree(absolute))}`;
}

export function listingFingerprint(entries: readonly DiskEntry[]): string {
  const hash = createHash('sha256');
  for (const entry of entries) {
    hash.update(JSON.stringify([entry.path, entry.kind, entry.mode, entry.size, entry.mtimeMs, entry.linkTarget ?? null]));
    hash.update('\n');
  }
  return hash.digest('hex');
}

/**
 * The volume of a merged tree, named by its ordered content keys: the same layers in the same
 * order are the same volume on every invoke, in every process, whatever the LSIM_HOME.
 */
export function portableVolumeName(prefix: string, keys: readonly string[]): string {
  return (
    prefix +
    createHash('sha256')
      .update(JSON.stringify([LAYOUT, ...keys]))
      .digest('hex')
      .slice(0, 32)
  );
}

export async function portableOptVolume(layerDirs: readonly string[], extractRoot: string): Promise<PortableVolume> {
  const keys = await Promise.all(layerDirs.map((dir) => treeKey(dir, extractRoot)));
  return { name: portableVolumeName(PORTABLE_OPT_PREFIX, keys), target: '/opt', trees: layerDirs };
}

export async function portableCodeVolume(codeDir: string, extractRoot: string): Promise<PortableVolume> {
  const key = await treeKey(codeDir, extractRoot);
  return { name: portableVolumeName(PORTABLE_CODE_PREFIX, [key]), target: '/var/task', trees: [codeDir] };
}

export function isPortableVolumeName(name: string | undefined): boolean {
  return name !== undefined && (name.startsWith(PORTABLE_OPT_PREFIX) || name.startsWith(PORTABLE_CODE_PREFIX));
}

export const portableMount = (volume: PortableVolume): MountSpec => ({
  type: 'volume',
  source: volume.name,
  target: volume.target,
  readOnly: true,
});

/** Labels that let `lsim gc` (and the tests) find a portable volume or a fill helper. */
function labelsFor(home: string, kind: string): Record<string, string> {
  return { [LSIM_LABELS.managed]: 'true', [LSIM_LABELS.kind]: kind, [LSIM_LABELS.home]: home };
}

export const FILL_HELPER_KIND = 'fill';

/**
 * Creates the volume if it does not exist (idempotent), so a container mounting it never makes
 * the engine auto-create an unlabelled one.
 */
export async function createPortableVolume(engine: ContainerEngine, volume: PortableVolume, home: string): Promise<void> {
  await engine.createVolume({ name: volume.name, driverOpts: {}, labels: labelsFor(home, 'portable') });
}

/** True when `container` (created, maybe not started) sees the volume mounted at `target` complete. */
export async function isFilled(container: ContainerHandle, target: string): Promise<boolean> {
  if (container.statPath === undefined) throw missingSupport('statPath');
  return (await container.statPath(`${target}/${COMPLETE_MARKER}`)) !== undefined;
}

/**
 * Fills `volume` unless it already is complete: helper container (locked by its name), one tar of
 * the merged trees, then the marker, then the helper goes. `image` is any image the engine has
 * (the helper is never started); the function's own image is at hand and costs nothing.
 */
export async function fillPortableVolume(engine: ContainerEngine, volume: PortableVolume, image: string, home: string): Promise<void> {
  if (engine.createNamedContainer === undefined) throw missingSupport('createNamedContainer');
  await createPortableVolume(engine, volume, home);
  const name = FILL_PREFIX + volume.name;
  const waitingSince = Date.now();
  for (;;) {
    const helper = await engine.createNamedContainer({
      name,
      image,
      entrypoint: ['/bin/true'],
      env: {},
      labels: labelsFor(home, FILL_HELPER_KIND),
      user: '0:0',
      mounts: [{ type: 'volume', source: volume.name, target: '/fill', readOnly: false }],
      networkMode: 'none',
    });
    if (helper === undefined) {
      // Another invoke (this process or another) is filling it: wait, then look at its work.
      if (Date.now() - waitingSince > FILL_LOCK_STALE_MS) await engine.removeContainer(name);
      await new Promise((resolve) => setTimeout(resolve, FILL_LOCK_POLL_MS));
      continue;
    }
    try {
      if (await isFilled(helper, '/fill')) return;
      const layers = await Promise.all(volume.trees.map((tree) => walkTree(tree)));
      await helper.putArchive(packMergedTree(layers), '/fill');
      await helper.putArchive(packMarker(`${volume.name}\n`), '/fill');
      return;
    } finally {
      await helper.remove();
    }
  }
}

function missingSupport(member: string): LsimError {
  return new LsimError(
    'EngineUnavailable',
    `This container engine cannot serve portable mounts (no ${member}); use an engine that shares this machine's filesystem.`,
  );
}
