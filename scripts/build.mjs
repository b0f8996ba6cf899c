// `npm run build`, done only when its inputs changed: tsc over src/, then the CLI bundle. The inputs'
// digest is kept in dist/.build-inputs, so `npm ci`, `npm test`, `npm run demo` and the CLI tests
// share one build per change instead of running tsc each time (CI used to build four times a run).
// `--force` builds whatever the stamp says.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-inputs');
const inputs = ['src', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** Every file under `path` (relative to the package root), in a stable order. */
function files(path) {
  const full = join(root, path);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [path];
  return readdirSync(full)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

function digest() {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(files)) {
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(root, file)))
      .update('\0');
  }
  return hash.digest('hex');
}

const wanted = digest();
const have = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
if (have !== wanted || !existsSync(join(root, 'dist', 'bundle', 'cli.js')) || process.argv.includes('--force')) {
  // From nothing: tsc never deletes the output of a source file that is gone.
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  execFileSync(process.execPath, [join(root, 'scripts', 'bundle-cli.mjs')], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${wanted}\n`);
}
