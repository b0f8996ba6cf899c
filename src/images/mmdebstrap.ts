import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ExecaError, execa } from 'execa';
import { LsimError } from '../common/errors.js';
import { ARCHITECTURE_FACTS } from '../runtimes/architecture.js';
import { writeContextDir } from './context-files.js';
import type { RootfsInputs } from './image-tags.js';

const ROLLING_SUITES = new Set(['sid', 'unstable', 'experimental']);

/** mmdebstrap's own default mirror, named only where a suite needs explicit sources lines. */
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

/**
 * mmdebstrap's command line for the whole rootfs in one run (the bench's baseline and the test helpers'
 * images; the builder itself goes through `essentialArgs` and `onEssentialArgs`).
 */
export function mmdebstrapArgs(inputs: RootfsInputs, outputTar: string): string[] {
  return [
    `--variant=${inputs.variant}`,
    `--arch=${ARCHITECTURE_FACTS[inputs.architecture].debian}`,
    `--include=${inputs.packages.join(',')}`,
    ...SPEED_ARGS,
    ...DOC_EXCLUDE_ARGS,
    ...DEB_CACHE_ARGS,
    ...familyHookArgs(inputs.hooks),
    ...suiteArgs(inputs.suite, outputTar),
  ];
}

/**
 * The suite every family of `suite` starts from: its essential and Priority:required packages, with
 * no recipe package. `experimental` has sid's (mmdebstrap takes the essential set from the suite it is
 * named, sid, only: mmdebstrap(1), "download"), so the two share one tarball.
 */
export function essentialSuite(suite: string): string {
  return suite === 'experimental' ? 'sid' : suite;
}

/**
 * Stage one (docs/image-builds.md, "One essential rootfs per suite"): what `mmdebstrapArgs` installs
 * before the recipe's packages, with the same dpkg and apt options, so that its files are the ones the
 * one-run build would have at that point.
 */
export function essentialArgs(inputs: Pick<RootfsInputs, 'suite' | 'variant' | 'architecture'>, outputTar: string): string[] {
  return [
    `--variant=${inputs.variant}`,
    `--arch=${ARCHITECTURE_FACTS[inputs.architecture].debian}`,
    ...SPEED_ARGS,
    ...DOC_EXCLUDE_ARGS,
    ...DEB_CACHE_ARGS,
    ...suiteArgs(essentialSuite(inputs.suite), outputTar),
  ];
}

/** Where the hooks below find the essential tarball (in the environment, never shell-quoted). */
const ESSENTIAL_VAR = 'LSIM_ESSENTIAL_TAR';

/**
 * Stage two: the family's rootfs on top of the essential tarball. mmdebstrap's `custom` variant installs
 * nothing itself (mmdebstrap(1), "re-use a chroot tarball ... for further refinement"): the setup step
 * writes the suite's sources.list and apt config, a setup hook unpacks the tarball over it (as root,
 * with owners, modes and xattrs; not /dev, which the setup step populated, nor the sources.list, which
 * for experimental is not sid's), `apt-get update` runs against the mirror, the family's essential hook
 * runs where it ran before, and then the recipe's packages are installed with the very apt command
 * mmdebstrap's own install step runs (from outside, dpkg inside the chroot: mmdebstrap's run_install),
 * under the same `Apt::Install-Recommends false`. The one-run build passes them to that same command
 * together with the Priority:required packages, which stage one has already installed.
 */
export function onEssentialArgs(inputs: RootfsInputs, outputTar: string): string[] {
  const packages = inputs.packages.map((name) => `'${name}'`).join(' ');
  return [
    '--variant=custom',
    `--arch=${ARCHITECTURE_FACTS[inputs.architecture].debian}`,
    ...SPEED_ARGS,
    `--setup-hook=tar --extract --numeric-owner --preserve-permissions --xattrs --xattrs-include='*' --directory="$1" --file="$${ESSENTIAL_VAR}" --exclude='./dev/*' --exclude=./etc/apt/sources.list`,
    ...setupHooks(DEB_CACHE_ARGS),
    ...familyHookArgs(inputs.hooks).filter((arg) => arg.startsWith('--essential-hook=')),
    `--customize-hook=APT_CONFIG="$MMDEBSTRAP_APT_CONFIG" apt-get -o Dir::Bin::dpkg=env -o DPkg::Options::=--unset=TMPDIR -o DPkg::Options::=dpkg -o DPkg::Chroot-Directory="$1" -o Dpkg::Use-Pty=false --yes install ${packages}`,
    ...DEB_CACHE_ARGS.filter((arg) => !arg.startsWith('--setup-hook=')),
    ...familyHookArgs(inputs.hooks).filter((arg) => !arg.startsWith('--essential-hook=')),
    ...suiteArgs(inputs.suite, outputTar),
  ];
}

function setupHooks(args: readonly string[]): string[] {
  return args.filter((arg) => arg.startsWith('--setup-hook='));
}

/**
 * The suite, the target and what the suite needs besides. `experimental` is no complete suite, only
 * packages on top of sid (https://wiki.debian.org/DebianExperimental): it is built as sid with
 * experimental's sources added. apt then takes a package from experimental only where sid has none of
 * it (experimental's Release says NotAutomatic), which is how the recipe's own packages (ruby3.4) come
 * from there.
 */
function suiteArgs(suite: string, outputTar: string): string[] {
  // sid's Release file can be past its Valid-Until date on a mirror that is not updated daily; a
  // rolling suite has no release to go stale, so the date says nothing about its content.
  const args = ROLLING_SUITES.has(suite) ? ['--aptopt=Acquire::Check-Valid-Until "false"'] : [];
  const line = (name: string): string => `deb [signed-by=${KEYRING}] ${DEBIAN_MIRROR} ${name} main`;
  if (suite === 'experimental') return [...args, 'sid', outputTar, line('sid'), line('experimental')];
  // bullseye without its security archive, which mmdebstrap adds by default: from these machines it lists
  // Jackson updates (libjackson2-databind-java 2.12.1-1+deb11u2) whose files answer 404, so OpenJDK 11's
  // image could not be built (measured 2026-12-02); main and updates alone install it.
  if (suite === 'bullseye') return [...args, suite, outputTar, line('bullseye'), line('bullseye-updates')];
  return [...args, suite, outputTar];
}

/**
 * dpkg's fsync after every unpacked file is what makes a rootfs build crawl on a busy disk; the tree is
 * thrown away if the build fails, so that durability buys nothing (dpkg(1), --force-unsafe-io). The
 * image's files are the same either way. --verbose: dpkg's "Setting up" lines, which the progress counts.
 */
const SPEED_ARGS = ['--dpkgopt=force-unsafe-io', '--verbose'];

/**
 * Documentation no function reads, left out as mmdebstrap(1) shows under "Exclude paths to reduce chroot
 * size" (dpkg.cfg(5) path-exclude): man pages, info, translations of the tools' messages and
 * /usr/share/doc but for each package's copyright. Lambda's images hold no man pages either. A quarter
 * of a python image's files (~50 MB) that dpkg would write, emulated under QEMU (docs/image-builds.md).
 * Written as a dpkg config file once the essential packages are extracted, not passed as --dpkgopt:
 * with --dpkgopt mmdebstrap pipes every extracted .deb through mmtarfilter, a Python process per
 * package, which made the extraction itself several times slower. What that extraction put there
 * already goes before dpkg installs the essential packages (and writes no more of it). An empty
 * /usr/share/man/man1 stays: openjdk's postinst registers its man pages as update-alternatives slaves,
 * and update-alternatives fails to link into a folder that is missing, which failed the java rootfs
 * (debuerreotype/debuerreotype#10, the same failure in Debian's slim images).
 */
const DOC_EXCLUDES = [
  'path-exclude=/usr/share/man/*',
  'path-exclude=/usr/share/info/*',
  'path-exclude=/usr/share/lintian/*',
  'path-exclude=/usr/share/locale/*',
  'path-include=/usr/share/locale/locale.alias',
  'path-exclude=/usr/share/doc/*',
  'path-include=/usr/share/doc/*/copyright',
];
const DOC_EXCLUDE_ARGS = [
  `--extract-hook=mkdir -p "$1/etc/dpkg/dpkg.cfg.d" && printf '%s\\n' ${DOC_EXCLUDES.map((line) => `'${line}'`).join(' ')} > "$1/etc/dpkg/dpkg.cfg.d/lsim-path-exclude"`,
  '--extract-hook=rm -rf "$1/usr/share/man" "$1/usr/share/info" "$1/usr/share/lintian"; find "$1/usr/share/doc" -type f ! -name copyright -delete; find "$1/usr/share/locale" -mindepth 1 -maxdepth 1 ! -name locale.alias -exec rm -rf {} +; mkdir -p "$1/usr/share/man/man1"',
];

/** Where the hooks below find the .deb cache: passed in the environment, so no path is ever shell-quoted. */
const DEB_CACHE_VAR = 'LSIM_DEB_CACHE';

/**
 * A .deb cache shared by every build and suite, as mmdebstrap(1) suggests ("sync-in and sync-out"):
 * the cached .debs are linked into the chroot's apt archive before apt runs, so apt downloads only what
 * is missing, and every .deb the build used is copied out before the cleanup step empties the archive
 * (so the image holds none). A .deb's file name is package_version_arch, and Debian never reuses a
 * version for different content, so one folder serves all suites. Each file enters the cache under a
 * temporary name and is renamed (a cache it cannot write to costs speed, never the build): a concurrent build sees a whole .deb or none (apt checks its hash
 * anyway and downloads again on a mismatch).
 */
const DEB_CACHE_ARGS = [
  // The essential .debs would otherwise be deleted after their unpacking, before the copy-out.
  '--skip=essential/unlink',
  `--setup-hook=mkdir -p "$1/var/cache/apt/archives" && for f in "$${DEB_CACHE_VAR}"/*.deb; do [ -e "$f" ] || continue; ln "$f" "$1/var/cache/apt/archives/" 2>/dev/null || cp "$f" "$1/var/cache/apt/archives/"; done`,
  `--customize-hook=for f in "$1"/var/cache/apt/archives/*.deb; do b=$\{f##*/}; [ -e "$f" ] && [ ! -e "$${DEB_CACHE_VAR}/$b" ] || continue; { cp "$f" "$${DEB_CACHE_VAR}/.$b.$$" && mv "$${DEB_CACHE_VAR}/.$b.$$" "$${DEB_CACHE_VAR}/$b"; } || true; done`,
];

/** Where the family's hook folder is on this machine, and its prefix for the hooks' environment. */
const HOOKS_VAR = 'LSIM_ROOTFS_HOOKS';
const HOOK_ENV_PREFIX = 'LSIM_';
const HOOKS_IN_CHROOT = '/tmp/lsim-rootfs';

/**
 * A family's rootfs hooks (images/<family>/rootfs/, `RootfsHooks`): the folder is copied in as soon as the
 * essential packages are in, each script runs in the chroot at its phase, and the folder is gone before
 * the tarball is written.
 */
function familyHookArgs(hooks: RootfsInputs['hooks']): string[] {
  if (hooks === undefined) return [];
  const has = (name: string): boolean => hooks.files.some((entry) => entry.path === name);
  const run = (name: string): string => `chroot "$1" sh ${HOOKS_IN_CHROOT}/${name}`;
  return [
    `--essential-hook=cp -R "$${HOOKS_VAR}" "$1${HOOKS_IN_CHROOT}"`,
    ...(has('essential-hook.sh') ? [`--essential-hook=${run('essential-hook.sh')}`] : []),
    ...(has('customize-hook.sh') ? [`--customize-hook=${run('customize-hook.sh')}`] : []),
    `--customize-hook=rm -rf "$1${HOOKS_IN_CHROOT}"`,
  ];
}

/** The environment the hooks read: the hook folder's path and each of the family's values, `LSIM_`-prefixed. */
function familyHookEnv(hooks: RootfsInputs['hooks'], folder: string): Record<string, string> {
  if (hooks === undefined) return {};
  const env: Record<string, string> = { [HOOKS_VAR]: folder };
  for (const [name, value] of Object.entries(hooks.env)) env[`${HOOK_ENV_PREFIX}${name}`] = value;
  return env;
}

/** Lines of output kept for the error message when mmdebstrap fails. */
const TAIL_LINES = 15;

/** Where a build runs: the shared .deb cache and the scratch folder for the tree and the hooks' files. */
export interface MmdebstrapPlace {
  readonly debCache: string;
  readonly scratchDir: string;
  readonly onLine?: (line: string) => void;
}

/**
 * Builds the Debian root filesystem tarball of `inputs.suite` in one run from mmdebstrap's default Debian
 * mirror (no mirror argument), the only way to get a base image with no registry reachable
 * (images/README.md, step 1).
 */
export async function runMmdebstrap(
  inputs: RootfsInputs,
  outputTar: string,
  debCache: string,
  scratchDir: string,
  onLine: (line: string) => void = () => {},
): Promise<void> {
  await runWithHooks(mmdebstrapArgs(inputs, outputTar), inputs.hooks, {}, { debCache, scratchDir, onLine });
}

/** Stage one: the essential tarball of `inputs`' suite and architecture (`essentialArgs`). */
export async function runEssentialMmdebstrap(
  inputs: Pick<RootfsInputs, 'suite' | 'variant' | 'architecture'>,
  outputTar: string,
  place: MmdebstrapPlace,
): Promise<void> {
  await runWithHooks(essentialArgs(inputs, outputTar), undefined, {}, place);
}

/** Stage two: the family's rootfs tarball on top of `essentialTar` (`onEssentialArgs`). */
export async function runOnEssentialMmdebstrap(
  inputs: RootfsInputs,
  essentialTar: string,
  outputTar: string,
  place: MmdebstrapPlace,
): Promise<void> {
  await runWithHooks(onEssentialArgs(inputs, outputTar), inputs.hooks, { [ESSENTIAL_VAR]: essentialTar }, place);
}

async function runWithHooks(
  args: readonly string[],
  hooks: RootfsInputs['hooks'],
  env: Readonly<Record<string, string>>,
  { debCache, scratchDir, onLine = () => {} }: MmdebstrapPlace,
): Promise<void> {
  await mkdir(debCache, { recursive: true });
  const hookFolder = join(scratchDir, `lsim-rootfs-hooks-${process.pid}-${randomBytes(4).toString('hex')}`);
  if (hooks !== undefined) await writeContextDir(hookFolder, hooks.files);
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
    const subprocess = execa('mmdebstrap', args, {
      buffer: false,
      stdin: 'ignore',
      // mmdebstrap unpacks the tree in TMPDIR.
      env: { [DEB_CACHE_VAR]: debCache, TMPDIR: scratchDir, ...env, ...familyHookEnv(hooks, hookFolder) },
    });
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
  } finally {
    await rm(hookFolder, { recursive: true, force: true });
  }
}
