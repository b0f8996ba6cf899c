import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogStore } from './log-store.js';

const homes: string[] = [];
const home = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'lsim-logs-unit-'));
  homes.push(dir);
  return dir;
};
afterEach(() => homes.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const ref = { accountId: '123456789012', region: 'us-east-1', logGroup: '/aws/lambda/fn' };

describe('LogStore', () => {
  it('keeps each line of a stream with its time, in order, once flushed', () => {
    const store = new LogStore(home());
    const writer = store.writer(ref, '2026/01/01/[$LATEST]00');
    writer.line('START', 1000);
    writer.line('hello', 1001);
    expect(store.read(ref)).toEqual([]);
    writer.flush();
    const events = store.read(ref);
    expect(events.map((e) => [e.timestamp, e.logStreamName, e.message])).toEqual([
      [1000, '2026/01/01/[$LATEST]00', 'START'],
      [1001, '2026/01/01/[$LATEST]00', 'hello'],
    ]);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(2);
    expect(events[0]?.ingestionTime).toBeGreaterThanOrEqual(1000);
  });

  it('interleaves streams by timestamp', () => {
    const store = new LogStore(home());
    const a = store.writer(ref, 'a');
    const b = store.writer(ref, 'b');
    a.line('a1', 10);
    a.line('a3', 30);
    b.line('b2', 20);
    a.flush();
    b.flush();
    expect(store.read(ref).map((e) => e.message)).toEqual(['a1', 'b2', 'a3']);
  });

  it('keeps accounts, regions and groups apart, and no name climbs out of the home', () => {
    const dir = home();
    const store = new LogStore(dir);
    const other = { ...ref, accountId: '210987654321' };
    const hostile = { accountId: '..', region: '..', logGroup: '../../x' };
    store.writer(ref, 's').flush();
    const w = store.writer(other, 's');
    w.line('theirs', 1);
    w.flush();
    const h = store.writer(hostile, 's');
    h.line('x', 1);
    h.flush();
    expect(store.read(ref)).toEqual([]);
    expect(store.read(other).map((e) => e.message)).toEqual(['theirs']);
    expect(store.groupDir(hostile).startsWith(join(dir, 'logs'))).toBe(true);
    expect(readdirSync(dir)).toEqual(['logs']);
  });

  it('rotates past the file size and drops the oldest generation: the group stays bounded', () => {
    const dir = home();
    const store = new LogStore(dir, { maxFileBytes: 1000, rotatedFiles: 2 });
    const writer = store.writer(ref, 's');
    for (let i = 0; i < 100; i += 1) {
      writer.line(`line ${i} ${'x'.repeat(80)}`, i);
      writer.flush();
    }
    const files = readdirSync(store.groupDir(ref)).sort();
    expect(files).toEqual(['events.jsonl', 'events.jsonl.1', 'events.jsonl.2']);
    for (const file of files) expect(statSync(join(store.groupDir(ref), file)).size).toBeLessThanOrEqual(1000);
    const messages = store.read(ref).map((e) => e.message);
    expect(messages.at(-1)).toMatch(/^line 99 /);
    expect(messages.length).toBeLessThan(40);
    expect(messages[0]).not.toMatch(/^line 0 /);
  });

  it('skips a torn last line', async () => {
    const store = new LogStore(home());
    const writer = store.writer(ref, 's');
    writer.line('whole', 1);
    writer.flush();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(store.groupDir(ref), 'events.jsonl'), '{"t":2,"s":"s","m":"tor');
    expect(store.read(ref).map((e) => e.message)).toEqual(['whole']);
  });

  it('a writer that cannot write drops its lines instead of failing', () => {
    const notADir = join(home(), 'file');
    writeFileSync(notADir, '');
    const store = new LogStore(notADir);
    const writer = store.writer(ref, 's');
    writer.line('lost', 1);
    expect(() => writer.flush()).not.toThrow();
  });
});
