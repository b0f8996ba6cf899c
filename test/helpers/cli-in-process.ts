import { expect } from 'vitest';
import { main } from '../../src/cli/main.js';
import { CapturedOutput } from '../../src/cli/output.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `lsim` run in-process, its output captured. `where` is read at each call, so a test's beforeEach
 * can give every test a fresh LSIM_HOME and working directory.
 */
export function inProcessLsim(where: () => { readonly env: Readonly<Record<string, string | undefined>>; readonly cwd: string }) {
  async function lsim(...argv: string[]): Promise<CliRun> {
    const output = new CapturedOutput();
    const { env, cwd } = where();
    const code = await main(argv, { output, env, cwd });
    return { code, stdout: output.stdout, stderr: output.stderr };
  }
  /** A command expected to succeed quietly with JSON on stdout. */
  async function lsimJson(...argv: string[]): Promise<Record<string, unknown>> {
    const result = await lsim(...argv);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }
  return { lsim, lsimJson };
}
