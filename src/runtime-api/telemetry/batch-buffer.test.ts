import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchBuffer } from './batch-buffer.js';
import type { Envelope } from './records.js';

const envelope = (n: number, pad = ''): Envelope => ({ time: '2026-01-01T00:00:00.000Z', type: 'function', record: `line ${n}${pad}` });

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

function recorder(): { batches: unknown[][]; send: (body: string) => Promise<void> } {
  const batches: unknown[][] = [];
  return { batches, send: (body) => Promise.resolve(void batches.push(JSON.parse(body) as unknown[])) };
}

describe('BatchBuffer', () => {
  it('sends one JSON array once timeoutMs has passed since the first record held', async () => {
    const { batches, send } = recorder();
    const buffer = new BatchBuffer({ maxItems: 1000, maxBytes: 262_144, timeoutMs: 100 }, send, () => undefined);
    buffer.push(envelope(1));
    await vi.advanceTimersByTimeAsync(60);
    buffer.push(envelope(2));
    await vi.advanceTimersByTimeAsync(39);
    expect(batches).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[envelope(1), envelope(2)]]);
  });

  it('sends at once when maxItems is reached', async () => {
    const { batches, send } = recorder();
    const buffer = new BatchBuffer({ maxItems: 3, maxBytes: 262_144, timeoutMs: 30_000 }, send, () => undefined);
    for (const n of [1, 2, 3, 4]) buffer.push(envelope(n));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([[envelope(1), envelope(2), envelope(3)]]);
    await buffer.flush();
    expect(batches[1]).toEqual([envelope(4)]);
  });

  it('sends at once when maxBytes is reached', async () => {
    const { batches, send } = recorder();
    const buffer = new BatchBuffer({ maxItems: 1000, maxBytes: 200, timeoutMs: 30_000 }, send, () => undefined);
    buffer.push(envelope(1, 'x'.repeat(100)));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toEqual([]);
    buffer.push(envelope(2, 'x'.repeat(100)));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches).toHaveLength(1);
  });

  it('keeps batches in order while one is in flight, and reports a dropped one', async () => {
    const sent: string[] = [];
    let release = (): void => undefined;
    const dropped: string[] = [];
    const buffer = new BatchBuffer(
      { maxItems: 1, maxBytes: 262_144, timeoutMs: 1000 },
      (body) => {
        sent.push(body);
        if (sent.length === 1) return new Promise((resolve) => (release = resolve));
        return Promise.reject(new Error('the subscriber answered 500'));
      },
      (records, _bytes, error) => dropped.push(`${records}: ${error.message}`),
    );
    buffer.push(envelope(1));
    buffer.push(envelope(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    release();
    await buffer.flush();
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1] ?? '')).toEqual([envelope(2)]);
    expect(dropped).toEqual(['1: the subscriber answered 500']);
  });

  it('discard drops what is held and stops the timer', async () => {
    const { batches, send } = recorder();
    const buffer = new BatchBuffer({ maxItems: 1000, maxBytes: 262_144, timeoutMs: 25 }, send, () => undefined);
    buffer.push(envelope(1));
    buffer.discard();
    await vi.advanceTimersByTimeAsync(100);
    expect(batches).toEqual([]);
  });
});
