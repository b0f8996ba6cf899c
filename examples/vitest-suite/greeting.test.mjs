import { beforeAll, describe, expect, it } from 'vitest';
import { useLsim } from 'lsim/vitest';

// One LSIM_HOME for this file, removed (with every container it ran) after its last test, pass or fail.
const lsim = useLsim({ cwd: import.meta.dirname });

beforeAll(async () => {
  await lsim.publishLayer({ name: 'shouting', content: 'layer', compatibleRuntimes: ['python3.12'] });
  await lsim.createFunction({ name: 'greeter', runtime: 'python3.12', handler: 'app.handler', code: 'function', layers: ['shouting'] });
});

describe('the greeter function', () => {
  it('greets through the layer’s helper', async () => {
    const invocation = await lsim.invoke('greeter', { name: 'Ada' });
    expect(invocation.functionError).toBeUndefined();
    expect(invocation.payload).toEqual({ greeting: 'HELLO ADA!' });
    expect(invocation.logLines).toContain('greeting Ada');
    // A one-shot invoke is a cold start: REPORT has its Init Duration, and bills it.
    expect(invocation.report.initDurationMs).toBeGreaterThan(0);
    expect(invocation.report.memorySizeMB).toBe(128);
    expect(invocation.report.billedDurationMs).toBeGreaterThanOrEqual(Math.ceil(invocation.report.durationMs));
  });

  it('fails the way Lambda fails: an Unhandled error with Python’s error shape', async () => {
    const invocation = await lsim.invoke('greeter', {});
    expect(invocation.functionError).toBe('Unhandled');
    expect(invocation.payload).toMatchObject({ errorType: 'ValueError', errorMessage: 'no name in the event' });
  });
});
