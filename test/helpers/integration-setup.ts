import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Once per integration run: the built CLI the child-process tests start (a no-op when `npm ci` or an
 * earlier run already built these sources), and a reachable engine. A missing engine fails the run,
 * never skips it, with the advice `lsim` itself gives; CI starts the engine in .ci/run.
 */
export default function integrationSetup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
  try {
    execFileSync('docker', ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe', timeout: 20_000 });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new Error(
      `Integration tests need a running Docker engine (${detail}). Start one (dockerd, or .ci/run installs ` +
        'and starts it) or set DOCKER_HOST. Unit tests alone: npm run test:unit',
      { cause: error },
    );
  }
}
