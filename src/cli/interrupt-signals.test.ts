import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * In a child node process, as lsim runs: a real execa subprocess is running (so signal-exit listens for
 * SIGTERM too) when the process signals itself. The module under test is compiled from its source.
 */
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'lsim-interrupt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, 'interrupt-signals.mjs'),
  transformSync(readFileSync(join(REPO, 'src/cli/interrupt-signals.ts'), 'utf8'), { loader: 'ts', format: 'esm' }).code,
);
const driver = (signals: number): string => `
import { execa } from ${JSON.stringify(pathToFileURL(join(REPO, 'node_modules/execa/index.js')).href)};
import { watchInterruptSignals } from './interrupt-signals.mjs';
const controller = new AbortController();
const stop = watchInterruptSignals(controller);
const child = execa('sleep', ['30']);
child.catch(() => {});
await new Promise((resolve) => setTimeout(resolve, 200));
process.kill(process.pid, 'SIGTERM');
await new Promise((resolve) => controller.signal.addEventListener('abort', resolve));
// The second one after the first was handled: two pending signals of one kind would be one.
if (${signals} > 1) process.kill(process.pid, 'SIGTERM');
await new Promise((resolve) => setTimeout(resolve, 200));
child.kill();
await child.catch(() => {});
stop();
console.log('cleaned up');
`;

function run(signals: number): { status: number | null; signal: NodeJS.Signals | null; stdout: string } {
  const file = join(dir, `driver-${signals}.mjs`);
  writeFileSync(file, driver(signals));
  const { status, signal, stdout } = spawnSync(process.execPath, [file], { encoding: 'utf8', timeout: 20_000 });
  return { status, signal, stdout };
}

describe('watchInterruptSignals', () => {
  it('a SIGTERM while an execa subprocess runs aborts the command, which then cleans up and exits 0', () => {
    expect(run(1)).toEqual({ status: 0, signal: null, stdout: 'cleaned up\n' });
  });

  it('a second signal gives up the cleanup: the process ends by that signal', () => {
    expect(run(2)).toMatchObject({ status: null, signal: 'SIGTERM', stdout: '' });
  });
});
