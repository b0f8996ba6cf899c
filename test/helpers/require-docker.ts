import { execFileSync } from 'node:child_process';

/**
 * Integration tests need a real Docker engine. A missing engine fails the run (never a skip), with
 * the same advice `lsim` itself gives; CI starts the engine in .ci/run before the tests.
 */
export default function requireDocker(): void {
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
