import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real published packages for integration tests, fetched at test time through this machine's own
 * clients: Debian .debs with apt-get (a private state folder and a sources list naming one suite, so
 * the machine's apt state is untouched), npm tarballs with `npm pack`. A failure fails the test.
 */
export function debianPackages(dir: string, suite: string, names: readonly string[], architecture?: 'amd64' | 'arm64'): string {
  const which = architecture === undefined ? suite : `${suite}-${architecture}`;
  const state = join(dir, `apt-${which}`);
  const unpacked = join(dir, `root-${which}`);
  mkdirSync(join(state, 'lists', 'partial'), { recursive: true });
  mkdirSync(join(state, 'archives', 'partial'), { recursive: true });
  mkdirSync(unpacked, { recursive: true });
  const sources = join(state, 'sources.list');
  writeFileSync(sources, `deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian ${suite} main\n`);
  const options = [
    `-oDir::Etc::SourceList=${sources}`,
    '-oDir::Etc::SourceParts=-',
    `-oDir::State::Lists=${join(state, 'lists')}`,
    `-oDir::Cache=${state}`,
    '-oAcquire::Check-Valid-Until=false',
    '-oDebug::NoLocking=true',
    // Another architecture's packages without dpkg --add-architecture: this download only.
    ...(architecture === undefined ? [] : [`-oAPT::Architecture=${architecture}`, `-oAPT::Architectures=${architecture}`]),
  ];
  execFileSync('apt-get', [...options, 'update'], { stdio: 'pipe' });
  execFileSync('apt-get', [...options, 'download', ...names.map((name) => `${name}/${suite}`)], { cwd: state, stdio: 'pipe' });
  for (const deb of readdirSync(state).filter((name) => name.endsWith('.deb'))) {
    execFileSync('dpkg-deb', ['-x', join(state, deb), unpacked]);
  }
  return unpacked;
}

/** `npm pack name@version`, unpacked: the package's folder. */
export function npmPackage(dir: string, spec: string): string {
  const scratch = join(dir, `npm-${spec.replace(/[^\w.-]/g, '_')}`);
  mkdirSync(scratch, { recursive: true });
  const packed = JSON.parse(execFileSync('npm', ['pack', spec, '--json', '--pack-destination', scratch], { cwd: scratch }).toString()) as {
    filename: string;
  }[];
  execFileSync('tar', ['-xzf', join(scratch, packed[0]?.filename ?? ''), '-C', scratch]);
  return join(scratch, 'package');
}

/** Files of `dir` as a fixture tree under `prefix`, symlinks followed, exec bits kept. */
export function treeOf(
  dir: string,
  prefix: string,
  files: Readonly<Record<string, string>>,
): Record<string, { data: Buffer; mode: number }> {
  const tree: Record<string, { data: Buffer; mode: number }> = {};
  for (const [target, source] of Object.entries(files)) {
    const path = join(dir, source);
    const mode = (statSync(path).mode & 0o111) !== 0 ? 0o755 : 0o644;
    tree[`${prefix}${target}`] = { data: readFileSync(path), mode };
  }
  return tree;
}

/** Every file under `dir` (symlinks followed), relative to it, e.g. for a package folder. */
export function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(dir, relative))) {
      const path = relative === '' ? name : `${relative}/${name}`;
      if (statSync(join(dir, path)).isDirectory()) walk(path);
      else files[path] = path;
    }
  };
  walk('');
  return files;
}
