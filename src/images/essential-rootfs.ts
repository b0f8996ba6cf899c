import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireFileLock } from './file-lock.js';
import type { RootfsInputs } from './image-tags.js';
import { essentialArgs, runEssentialMmdebstrap, type MmdebstrapPlace } from './mmdebstrap.js';

/** What decides an essential tarball's content: the rest of a family's inputs does not enter it. */
export type EssentialInputs = Pick<RootfsInputs, 'suite' | 'variant' | 'architecture'>;

/**
 * An arm64 essential set takes tens of minutes under QEMU on a busy machine (docs/image-builds.md): a
 * second family of the same suite waits for it rather than building it again.
 */
const ESSENTIAL_LOCK_TIMEOUT_MS = 3 * 60 * 60_000;

/**
 * The cached tarball's path, named by a hash of mmdebstrap's whole stage-one command line (suite,
 * architecture, variant and every option), so a change to any of them is a new file and an old one is
 * never reused for it. The file name starts with what it is for, so a user can tell them apart.
 */
export function essentialTarPath(workDir: string, inputs: EssentialInputs): string {
  const args = essentialArgs(inputs, 'essential.tar');
  const hash = createHash('sha256').update(JSON.stringify(args)).digest('hex').slice(0, 16);
  return join(workDir, 'essential', `${args.at(-2) ?? inputs.suite}-${inputs.architecture}-${hash}.tar`);
}

/**
 * The essential tarball of `inputs`' suite and architecture, built unless the work dir has it. Built
 * under a temporary name and renamed, under a lock across processes, so a reader finds a whole tarball
 * or none and two builds of the same suite never run at once. Kept until the user deletes it (safe at
 * any time: the next build makes it again).
 */
export async function ensureEssentialTar(workDir: string, inputs: EssentialInputs, place: MmdebstrapPlace): Promise<string> {
  const path = essentialTarPath(workDir, inputs);
  if (await exists(path)) return path;
  const lock = await acquireFileLock(`${path}.lock`, {
    timeoutMs: ESSENTIAL_LOCK_TIMEOUT_MS,
    onWait: (holder) =>
      place.onLine?.(
        `I: waiting for the essential set of ${inputs.suite} (${inputs.architecture}) another build${holder ? ` (pid ${holder.pid})` : ''} is making`,
      ),
  });
  try {
    if (await exists(path)) return path;
    await mkdir(join(workDir, 'essential'), { recursive: true });
    // The .tar suffix is what tells mmdebstrap to write a tarball.
    const partial = `${path}.${process.pid}.partial.tar`;
    try {
      place.onLine?.(`I: building the essential set of ${inputs.suite} (${inputs.architecture}), shared by every family`);
      await runEssentialMmdebstrap(inputs, partial, place);
      await rename(partial, path);
    } finally {
      await rm(partial, { force: true });
    }
    return path;
  } finally {
    await lock.release();
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
