import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireFileLock } from '../../src/images/file-lock.js';
import { rootfsTag, type RootfsInputs } from '../../src/images/image-tags.js';
import { runMmdebstrap } from '../../src/images/mmdebstrap.js';
import { testEngine } from './test-engine.js';

/**
 * The real aws CLI v2 the comparison suite checks lsim against: Debian sid's `awscli` package
 * (bookworm's 2.9 predates members Lambda now returns; the host's `aws` may be v1). Built offline
 * with lsim's own mmdebstrap step (sid's stale Valid-Until handled there) and imported under a tag
 * named by its inputs, so it is built once per engine and found again by every later run.
 */
export const AWS_CLI_ROOTFS: RootfsInputs = { suite: 'sid', variant: 'minbase', packages: ['awscli'], architecture: 'x86_64' };

export function awsCliImageTag(): string {
  return `lsim-test/aws-cli:${rootfsTag(AWS_CLI_ROOTFS).split(':')[1] ?? 'x'}`;
}

/** The image's tag, building it first when the engine lacks it (a lock keeps parallel runs to one build). */
export async function ensureAwsCliImage(workDir = join(tmpdir(), 'lsim-aws-cli-image')): Promise<string> {
  const engine = testEngine();
  const tag = awsCliImageTag();
  if (await engine.imageExists(tag)) return tag;
  mkdirSync(workDir, { recursive: true });
  const lock = await acquireFileLock(join(workDir, 'build.lock'));
  const tar = join(workDir, `rootfs-${process.pid}.tar`);
  try {
    if (await engine.imageExists(tag)) return tag;
    await runMmdebstrap(AWS_CLI_ROOTFS, tar, join(workDir, 'debs'), workDir);
    await engine.importImage(tar, tag);
    return tag;
  } finally {
    rmSync(tar, { force: true });
    await lock.release();
  }
}
