import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InvokeResponse } from '../lsim.js';
import { reportLine } from '../runtimes/report-line.js';
import { toInvocation } from './invocation.js';
import { createTestkit } from './testkit.js';

// The kit's control-plane half and its cleanup, with no engine: nothing here invokes.
const work = mkdtempSync(join(tmpdir(), 'lsim-testkit-unit-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function folder(name: string, files: Record<string, string>): string {
  const root = join(work, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('createTestkit', () => {
  it('publishes layers and creates functions from folders, naming layers by name, and waits out Pending', async () => {
    const kit = await createTestkit({ env: { LSIM_UPDATE_DELAY_MS: '300' }, cwd: work });
    try {
      expect(kit.home.startsWith(tmpdir())).toBe(true);
      const arn = await kit.publishLayer({ name: 'shout', content: folder('layer', { 'python/shout.py': 'X = 1\n' }) });
      expect(arn).toBe('arn:aws:lambda:us-east-1:123456789012:layer:shout:1');
      const fn = await kit.createFunction({
        name: 'greet',
        runtime: 'python3.12',
        handler: 'app.handler',
        code: folder('function', { 'app.py': 'def handler(event, context):\n    return event\n' }),
        layers: ['shout'],
        environment: { GREETING: 'hi' },
      });
      expect(fn).toMatchObject({ State: 'Active', Layers: [{ Arn: arn }], Environment: { Variables: { GREETING: 'hi' } } });
    } finally {
      await kit.dispose();
    }
  });

  it('refuses what Lambda refuses, in Lambda’s words: a layer that is neither published here nor an ARN', async () => {
    const kit = await createTestkit({ env: {}, cwd: work });
    try {
      folder('code', { 'app.py': 'def handler(e, c):\n    return e\n' });
      await expect(
        kit.createFunction({ name: 'f', runtime: 'python3.12', handler: 'app.handler', code: 'code', layers: ['never-published'] }),
      ).rejects.toMatchObject({ code: 'ValidationException' });
    } finally {
      await kit.dispose();
    }
  });

  it('removes its home on dispose, once, with no engine needed when nothing was invoked', async () => {
    const kit = await createTestkit({ env: { DOCKER_HOST: 'unix:///nonexistent.sock' } });
    expect(existsSync(kit.home)).toBe(true);
    await Promise.all([kit.dispose(), kit.dispose()]);
    expect(existsSync(kit.home)).toBe(false);
  });
});

describe('toInvocation', () => {
  const response = (payload: string, log: string, error?: 'Unhandled'): InvokeResponse => ({
    StatusCode: 200,
    ...(error === undefined ? {} : { FunctionError: error }),
    ExecutedVersion: '$LATEST',
    Payload: new Uint8Array(Buffer.from(payload)),
    details: { requestId: 'r1', payload: Buffer.from(payload), executedVersion: '$LATEST', log, durationMs: 12.3, maxMemoryUsedMb: 40 },
  });
  const log = ['START RequestId: r1 Version: $LATEST', 'hello', 'END RequestId: r1'].join('\n');

  it('parses a JSON payload and reads the REPORT figures from the log', () => {
    const report = reportLine({ requestId: 'r1', durationMs: 12.3, memorySizeMb: 128, maxMemoryUsedMb: 40, initDurationMs: 150 });
    const invocation = toInvocation<{ ok: boolean }>(response('{"ok":true}', `${log}\n${report}\n`));
    expect(invocation.payload).toEqual({ ok: true });
    expect(invocation.logLines).toEqual(['START RequestId: r1 Version: $LATEST', 'hello', 'END RequestId: r1', report]);
    expect(invocation.report).toEqual({
      durationMs: 12.3,
      billedDurationMs: 163,
      memorySizeMB: 128,
      maxMemoryUsedMB: 40,
      initDurationMs: 150,
    });
    expect(invocation.functionError).toBeUndefined();
  });

  it('keeps a payload that is not JSON as text, and says when no REPORT line was logged', () => {
    const invocation = toInvocation(response('plain text', log, 'Unhandled'));
    expect(invocation.payload).toBe('plain text');
    expect(invocation.functionError).toBe('Unhandled');
    expect(invocation.report).toBeUndefined();
  });
});
