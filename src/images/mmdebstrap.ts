import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ExecaError, execa } from 'execa';
import { LsimError } from '../common/errors.js';
import { ARCHITECTURE_FACTS } from '../runtimes/architecture.js';
import type { RootfsInputs } from './image-tags.js';

const ROLLING_SUITES = new Set(['sid', 'unstable', 'experimental']);

/** mmdebstrap's own default mirror, named only where a suite needs explicit sources lines. */
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/**
 * mmdebstrap's command line. `experimental` is no complete suite, only packages on top of sid
 * (https://wiki.debian.org/DebianExperimental): it is built as sid with experimental's sources added.
 * apt then takes a package from experimental only where sid has none of it (experimental's Release
 * says NotAutomatic), which is how the recipe's own packages (ruby3.4) come from there.
 */
export function mmdebstrapArgs(inputs: RootfsInputs, outputTar: string): string[] {
  const args = [
    `--variant=${inputs.variant}`,
    `--arch=${ARCHITECTURE_FACTS[inputs.architecture].debian}`,
    `--include=${inputs.packages.join(',')}`,
  ];
  // sid's Release file can be past its Valid-Until date on a mirror that is not updated daily; a
  // rolling suite has no release to go stale, so the date says nothing about its content.
  if (ROLLING_SUITES.has(inputs.suite)) args.push('--aptopt=Acquire::Check-Valid-Until "false"');
  if (inputs.suite !== 'experimental') return [...args, inputs.suite, outputTar];
  const line = (suite: string): string => `deb [signed-by=${KEYRING}] ${DEBIAN_MIRROR} ${suite} main`;
  return [...args, 'sid', outputTar, line('sid'), line('experimental')];
}

/** Lines of output kept for the error message when mmdebstrap fails. */
const TAIL_LINES = 15;

/**
 * Builds the Debian root filesystem tarball of `inputs.suite` from mmdebstrap's default Debian mirror
 * (no mirror argument), the only way to get a base image with no registry reachable (images/README.md, step 1).
 */
export async function runMmdebstrap(inputs: RootfsInputs, outputTar: string, onLine: (line: string) => void = () => {}): Promise<void> {
  const args = mmdebstrapArgs(inputs, outputTar);
  const tail: string[] = [];
  const collect = (stream: Readable | null): void => {
    if (stream === null) return;
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
      onLine(line);
    });
  };
  try {
    const subprocess = execa('mmdebstrap', args, { buffer: false, stdin: 'ignore' });
    collect(subprocess.stdout);
    collect(subprocess.stderr);
    await subprocess;
  } catch (error) {
    if (error instanceof ExecaError && error.code === 'ENOENT') {
      throw new LsimError(
        'ImageBuildFailed',
        "mmdebstrap is not installed. lsim builds its runtime images offline from this machine's Debian " +
          'packages with it: install it with "apt-get install mmdebstrap", or point LSIM_IMAGE_<FAMILY> at an ' +
          'image you already have.',
        { cause: error },
      );
    }
    const how = error instanceof ExecaError ? error.shortMessage : String(error);
    throw new LsimError(
      'ImageBuildFailed',
      `Building the runtime root filesystem failed (${how}). Last output:\n${tail.join('\n')}\n` +
        'mmdebstrap uses this machine\'s apt sources: check that "apt-get update" works and that every ' +
        'package in images/base/packages.txt exists for the suite.',
      { cause: error },
    );
  }
}
