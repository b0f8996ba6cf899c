import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { resolveConfig, type LsimConfig } from '../../src/common/config.js';
import { DockerEngine } from '../../src/engine/docker-engine.js';
import { ImageBuilder } from '../../src/images/image-builder.js';
import { defaultImagesDir } from '../../src/images/images-dir.js';
import type { RuntimeId } from '../../src/runtimes/runtime-catalogue.js';

/**
 * The one place integration tests learn which engine they drive. lsim's config, the engine adapter
 * and the `docker` CLI that tests use to look for leftovers all take `DOCKER_HOST` from here, so a run
 * with `DOCKER_HOST=unix:///other/engine.sock` tests that engine and no other.
 */
const ENGINE_ENV = ['DOCKER_HOST', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'] as const;

type Env = Record<string, string | undefined>;

/** The engine variables of the environment the tests were started in. */
export function engineEnv(): Env {
  return Object.fromEntries(ENGINE_ENV.map((key) => [key, process.env[key]]));
}

/**
 * No Pending/InProgress window unless a test asks for one (`LSIM_UPDATE_DELAY_MS` in `env`): tests
 * that create and at once invoke or update are about something else (docs/lambda-facts.md#function-states).
 */
const NO_WINDOW: Env = { LSIM_UPDATE_DELAY_MS: '0' };
/**
 * No pre-provisioned sandboxes unless a test asks for them (`LSIM_SANDBOX_POOL` in `env`): each would start
 * containers in the background that the test does not look at, on machines CI shares (sandbox-pool.test.ts tests them).
 */
const NO_POOL: Env = { LSIM_SANDBOX_POOL: '0' };

/**
 * lsim's config for a test home: the engine from the caller's environment, nothing else of it (image
 * overrides or another LSIM_HOME there would run someone else's setup).
 */
export function testConfig(home: string, env: Env = {}): LsimConfig {
  return resolveConfig({ home }, { ...engineEnv(), LSIM_HOME: home, ...NO_WINDOW, ...NO_POOL, ...env });
}

/** The environment of an `lsim` child process on a test home: the caller's, without its LSIM_* settings. */
export function childEnv(home: string, env: Env = {}): Env {
  const kept = Object.entries(process.env).filter(([key]) => !key.startsWith('LSIM_'));
  return { ...Object.fromEntries(kept), LSIM_HOME: home, ...NO_WINDOW, ...NO_POOL, ...env };
}

/** lsim's engine adapter on the engine under test, for tests that drive it directly. */
export function testEngine(): DockerEngine {
  return new DockerEngine(resolveConfig({}, engineEnv()));
}

/**
 * A runtime image on the engine under test, through lsim's own builder: found by its content tag when
 * an earlier run (or `lsim images build`) built it, built offline otherwise. `workDir` holds the
 * rootfs tarball and build locks.
 */
export function ensureTestImage(runtime: RuntimeId, workDir: string): Promise<string> {
  return new ImageBuilder(testEngine(), { imagesDir: defaultImagesDir(), workDir }).ensureImage(runtime);
}

const nonEmptyLines = (output: string): string[] =>
  output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** `docker ARGS` on the engine under test; the output's non-empty lines. */
export function docker(args: readonly string[]): string[] {
  return nonEmptyLines(
    execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...engineEnv() } }),
  );
}

/** `docker ARGS` on the engine at `host` (a test's own second engine); the output's non-empty lines. */
export function dockerOn(host: string, args: readonly string[]): string[] {
  return nonEmptyLines(
    execFileSync('docker', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOCKER_HOST: host, DOCKER_TLS_VERIFY: '', DOCKER_CERT_PATH: '' },
    }),
  );
}

/** `docker` without blocking this process: for a test whose lsim server (in this process) must answer meanwhile. */
export async function dockerAsync(args: readonly string[]): Promise<string[]> {
  const { stdout } = await execa('docker', args, { env: { ...process.env, ...engineEnv() }, stdin: 'ignore' });
  return nonEmptyLines(stdout);
}
