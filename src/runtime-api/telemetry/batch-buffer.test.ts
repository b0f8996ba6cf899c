import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchBuffer, SLOW_SUBSCRIBER_REASON } from './batch-buffer.js';
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
      (records, _bytes, reason) => dropped.push(`${records}: ${reason}`),
      [],
    );
    buffer.push(envelope(1));
    buffer.push(envelope(2));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
    release();
    await buffer.flush();
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1] ?? '')).toEqual([envelope(2)]);
    expect(dropped).toEqual(['1: could not send events: the subscriber answered 500']);
  });

  it('retries a refused batch after 100, 200 and 400 ms, then drops it with the reason', async () => {
    const attempts: number[] = [];
    const dropped: string[] = [];
    const buffer = new BatchBuffer(
      { maxItems: 1000, maxBytes: 262_144, timeoutMs: 1000 },
      () => {
        attempts.push(Date.now());
        return Promise.reject(new Error('the subscriber answered 503'));
      },
      (records, bytes, reason) => dropped.push(`${records} ${bytes > 0} ${reason}`),
    );
    buffer.push(envelope(1));
    const flushed = buffer.flush();
    await vi.advanceTimersByTimeAsync(699);
    expect(attempts).toHaveLength(3);
    expect(dropped).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await flushed;
    expect(attempts.map((at) => at - (attempts[0] ?? 0))).toEqual([0, 100, 300, 700]);
    expect(dropped).toEqual(['1 true could not send events: the subscriber answered 503']);
  });

  it('a retry that succeeds loses nothing, and later records wait for it', async () => {
    const { batches, send } = recorder();
    let failures = 2;
    const dropped: number[] = [];
    const buffer = new BatchBuffer(
      { maxItems: 1000, maxBytes: 262_144, timeoutMs: 1000 },
      (body) => (failures-- > 0 ? Promise.reject(new Error('ECONNREFUSED')) : send(body)),
      (records) => dropped.push(records),
    );
    buffer.push(envelope(1));
    const flushed = buffer.flush();
    buffer.push(envelope(2));
    await vi.advanceTimersByTimeAsync(300);
    await flushed;
    await buffer.flush();
    expect(batches).toEqual([[envelope(1)], [envelope(2)]]);
    expect(dropped).toEqual([]);
  });

  it('a subscriber slower than the records loses what is held past twice the limits', async () => {
    const sent: string[] = [];
    const dropped: string[] = [];
    const buffer = new BatchBuffer(
      { maxItems: 2, maxBytes: 262_144, timeoutMs: 1000 },
      (body) => {
        sent.push(body);
        return new Promise(() => undefined);
      },
      (records, _bytes, reason) => dropped.push(`${records}: ${reason}`),
    );
    for (const n of [1, 2, 3, 4, 5]) buffer.push(envelope(n));
    expect(sent).toHaveLength(1);
    expect(dropped).toEqual([]);
    buffer.push(envelope(6));
    expect(dropped).toEqual([`4: ${SLOW_SUBSCRIBER_REASON}`]);
  });

  it('does not report the loss of a batch of logsDropped notices only', async () => {
    const dropped: number[] = [];
    const buffer = new BatchBuffer(
      { maxItems: 1000, maxBytes: 262_144, timeoutMs: 1000 },
      () => Promise.reject(new Error('down')),
      (records) => dropped.push(records),
      [],
    );
    buffer.push({ time: '2026-01-01T00:00:00.000Z', type: 'platform.logsDropped', record: {} });
    await buffer.flush();
    expect(dropped).toEqual([]);
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
