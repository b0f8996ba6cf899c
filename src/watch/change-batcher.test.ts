import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeBatcher } from './change-batcher.js';

/** An action whose runs the test ends by hand, so overlapping changes can be made mid-run. */
function recorder() {
  const runs: string[][] = [];
  const ends: (() => void)[] = [];
  const action = (changes: ReadonlySet<string>): Promise<void> => {
    runs.push([...changes].sort());
    return new Promise<void>((resolve) => ends.push(resolve));
  };
  return { runs, action, endRun: () => ends.shift()?.() };
}

describe('ChangeBatcher', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once per burst, after the tree has been quiet for the whole period', async () => {
    const { runs, action } = recorder();
    const batcher = new ChangeBatcher(200, action, () => undefined);
    batcher.notify('/l/a.py');
    await vi.advanceTimersByTimeAsync(150);
    batcher.notify('/l/b.py');
    await vi.advanceTimersByTimeAsync(150);
    batcher.notify('/l/a.py');
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toEqual([['/l/a.py', '/l/b.py']]);
  });

  it('never overlaps two runs: changes made during a run make exactly one more run after it', async () => {
    const { runs, action, endRun } = recorder();
    const batcher = new ChangeBatcher(100, action, () => undefined);
    batcher.notify('/l/one');
    await vi.advanceTimersByTimeAsync(100);
    batcher.notify('/l/two');
    await vi.advanceTimersByTimeAsync(100);
    batcher.notify('/l/three');
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toEqual([['/l/one']]);
    endRun();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([['/l/one'], ['/l/three', '/l/two']]);
    endRun();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toHaveLength(2);
  });

  it('waits out the quiet period of a change made just as a run ends', async () => {
    const { runs, action, endRun } = recorder();
    const batcher = new ChangeBatcher(100, action, () => undefined);
    batcher.runNow();
    expect(runs).toEqual([[]]);
    batcher.notify('/l/x');
    endRun();
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(50);
    expect(runs).toEqual([[], ['/l/x']]);
  });

  it('reports a failed run and goes on watching', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const batcher = new ChangeBatcher(
      10,
      () => {
        calls += 1;
        return calls === 1 ? Promise.reject(new Error('deploy failed')) : Promise.resolve();
      },
      (error) => errors.push(error),
    );
    batcher.notify('/l/a');
    await vi.advanceTimersByTimeAsync(10);
    batcher.notify('/l/a');
    await vi.advanceTimersByTimeAsync(10);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error('deploy failed')]);
    expect(batcher.busy).toBe(false);
  });

  it('starts nothing once closed, and close waits for the running action', async () => {
    const { runs, action, endRun } = recorder();
    const batcher = new ChangeBatcher(10, action, () => undefined);
    batcher.notify('/l/a');
    await vi.advanceTimersByTimeAsync(10);
    batcher.notify('/l/b');
    let closed = false;
    const closing = batcher.close().then(() => (closed = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(closed).toBe(false);
    endRun();
    await closing;
    batcher.notify('/l/c');
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toEqual([['/l/a']]);
  });
});
