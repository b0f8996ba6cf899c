import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LSIM_LABELS } from '../../src/engine/container-engine.js';
import { LsimHome } from '../helpers/lsim-home.js';
import { serveChild } from '../helpers/serve-child.js';
import { childEnv, docker } from '../helpers/test-engine.js';

/**
 * The examples a user copies, run as the user runs them (README links them; all on python3.12, an image
 * the suite already builds): the vitest suite on `lsim/vitest`, pytest with Debian's boto3 against a
 * `lsim serve` this file starts, and the GitHub Actions workflow's steps in order.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), 'lsim-it-examples-'));
const homes: LsimHome[] = [];
afterAll(() => {
  for (const home of homes) {
    expect(home.leftoverContainers()).toEqual([]);
    home.dispose();
  }
  // The workflow's LSIM_HOME is under scratch: extracted trees keep the zips' read-only modes.
  spawnSync('chmod', ['-R', 'u+rwx', scratch]);
  rmSync(scratch, { recursive: true, force: true });
});

/** Containers of any home under `dir`: what a kit whose temp home lives there left running. */
const containersUnder = (dir: string): string[] =>
  docker(['ps', '-a', '--filter', `label=${LSIM_LABELS.managed}=true`, '--format', `{{.Label "${LSIM_LABELS.home}"}}`]).filter((home) =>
    home.startsWith(dir),
  );

describe('examples that CI runs', () => {
  it('examples/vitest-suite passes, and its kit leaves no home and no container behind', () => {
    const tmp = join(scratch, 'vitest-tmp');
    mkdirSync(tmp);
    const { LSIM_HOME: _home, ...env } = childEnv(scratch);
    const run = spawnSync(process.execPath, [join(REPO, 'node_modules/vitest/vitest.mjs'), 'run', '--root', 'examples/vitest-suite'], {
      cwd: REPO,
      // The kit's temp home goes under TMPDIR: here, a folder this test can look into afterwards.
      env: { ...env, TMPDIR: tmp, CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' },
      encoding: 'utf8',
      timeout: 600_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/Tests\s+2 passed/);
    expect(readdirSync(tmp)).toEqual([]);
    expect(containersUnder(tmp)).toEqual([]);
  });

  it('examples/pytest-boto3 passes against lsim serve', async () => {
    const home = new LsimHome('lsim-it-pytest-');
    homes.push(home);
    const served = await serveChild(home.home);
    try {
      // Debian's python3 with python3-boto3 and python3-pytest (scripts/provision-debian.sh), not a pyenv one on PATH.
      const run = spawnSync('/usr/bin/python3', ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'examples/pytest-boto3'], {
        cwd: REPO,
        env: { ...childEnv(home.home), LSIM_ENDPOINT: served.url, PYTHONDONTWRITEBYTECODE: '1' },
        encoding: 'utf8',
        timeout: 600_000,
      });
      expect(run.status, run.stdout + run.stderr + served.stderr()).toBe(0);
      expect(run.stdout).toMatch(/3 passed/);
    } finally {
      served.child.kill('SIGTERM');
      await served.exited;
    }
  });

  it('examples/github-actions/lsim-smoke.yml: its run steps pass in order', () => {
    interface Step {
      uses?: string;
      run?: string;
      with?: Record<string, unknown>;
      'working-directory'?: string;
    }
    interface Job {
      env?: Record<string, string>;
      defaults?: { run?: { 'working-directory'?: string } };
      steps: Step[];
    }
    const workflow = parse(readFileSync(join(REPO, 'examples/github-actions/lsim-smoke.yml'), 'utf8')) as { jobs: Record<string, Job> };
    const job = workflow.jobs.smoke;
    expect(job).toBeDefined();
    if (job === undefined) return;
    // The runner's folders: a workspace (what actions/checkout fills), RUNNER_TEMP, GITHUB_ENV, and a
    // prefix for `npm install --global`, so the install lands here and not in the machine's Node.
    const workspace = join(scratch, 'workspace');
    const runnerTemp = join(scratch, 'runner-temp');
    const prefix = join(scratch, 'npm-global');
    const githubEnv = join(scratch, 'github-env');
    for (const dir of [runnerTemp, prefix]) mkdirSync(dir);
    writeFileSync(githubEnv, '');
    const exported: Record<string, string> = {};
    for (const step of job.steps) {
      if (step.uses !== undefined) {
        const action = step.uses.split('@')[0];
        if (action === 'actions/checkout') {
          // checkout: this repository's tree at HEAD, as a fresh clone would have it.
          const clone = spawnSync('git', ['clone', '-q', '--depth', '1', `file://${REPO}`, workspace], { encoding: 'utf8' });
          expect(clone.status, clone.stderr).toBe(0);
          // Uncommitted example files (a run before committing) are copied over the clone.
          spawnSync('cp', ['-r', join(REPO, 'examples/github-actions/.'), join(workspace, 'examples/github-actions')]);
        } else if (action === 'actions/setup-node') {
          // setup-node: the Node.js running this test, which must be the major version the workflow asks for.
          expect(process.versions.node.split('.')[0]).toBe(String(step.with?.['node-version']));
        } else {
          throw new Error(`no local equivalent for ${step.uses}`);
        }
        continue;
      }
      const { LSIM_HOME: _unset, ...inherited } = childEnv(scratch);
      const env: Record<string, string | undefined> = {
        ...inherited,
        // LSIM_PACKAGE: this checkout, which `npm install --global <folder>` links (its built dist and installed modules).
        ...job.env,
        LSIM_PACKAGE: REPO,
        ...exported,
        npm_config_prefix: prefix,
        PATH: `${join(prefix, 'bin')}:${process.env.PATH ?? ''}`,
        RUNNER_TEMP: runnerTemp,
        GITHUB_ENV: githubEnv,
        GITHUB_WORKSPACE: workspace,
      };
      const cwd = join(workspace, step['working-directory'] ?? job.defaults?.run?.['working-directory'] ?? '.');
      // GitHub's default shell for run steps: bash -e {0} (with pipefail).
      const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run ?? ''], {
        cwd,
        env,
        encoding: 'utf8',
        timeout: 600_000,
      });
      expect(run.status, `${step.run}\n${run.stdout}${run.stderr}`).toBe(0);
      for (const line of readFileSync(githubEnv, 'utf8').split('\n')) {
        const at = line.indexOf('=');
        if (at > 0) exported[line.slice(0, at)] = line.slice(at + 1);
      }
    }
    expect(exported.LSIM_HOME).toBe(join(runnerTemp, 'lsim-home'));
    expect(readFileSync(join(workspace, 'examples/github-actions/out.json'), 'utf8')).toContain('Hello, CI!');
    expect(containersUnder(runnerTemp)).toEqual([]);
  });
});
