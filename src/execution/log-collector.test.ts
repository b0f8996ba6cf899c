import { describe, expect, it } from 'vitest';
import { KEPT_HEAD_BYTES, KEPT_TAIL_BYTES, LogCollector, MAX_LOG_LINE_BYTES } from './log-collector.js';

const collect = (): { log: LogCollector; lines: string[] } => {
  const lines: string[] = [];
  return { log: new LogCollector((line) => lines.push(line)), lines };
};

describe('LogCollector', () => {
  it('splits chunks into lines per stream, holding back unfinished ones until flush', () => {
    const { log, lines } = collect();
    log.chunk('stdout', 'a\nb');
    log.chunk('stderr', 'x');
    log.chunk('stdout', Buffer.from('c\n\nd'));
    expect(lines).toEqual(['a', 'bc', '']);
    log.flush();
    expect(lines).toEqual(['a', 'bc', '', 'd', 'x']);
    expect(log.text).toBe('a\nbc\n\nd\nx\n');
  });

  it('keeps a character split across chunks whole', () => {
    const { log, lines } = collect();
    const euro = Buffer.from('€\n');
    log.chunk('stdout', euro.subarray(0, 1));
    log.chunk('stdout', euro.subarray(1));
    expect(lines).toEqual(['€']);
  });

  it("cuts a line at Lambda's longest log event, never inside a character", () => {
    const { log, lines } = collect();
    const exact = 'x'.repeat(MAX_LOG_LINE_BYTES);
    log.chunk('stdout', `${exact}\n`);
    expect(lines).toEqual([exact]);
    lines.length = 0;
    // 'é' is 2 bytes: an odd limit would split one; the cut moves back a byte instead.
    const text = 'é'.repeat(MAX_LOG_LINE_BYTES);
    for (let i = 0; i < text.length; i += 10_000) log.chunk('stdout', text.slice(i, i + 10_000));
    log.flush();
    expect(lines.every((line) => Buffer.byteLength(line) <= MAX_LOG_LINE_BYTES)).toBe(true);
    expect(lines.join('')).toBe(text);
    expect(lines).toHaveLength(2);
  });

  it('takes linear time and bounded memory for 60 MB without a newline', () => {
    const { log, lines } = collect();
    const chunk = Buffer.alloc(32 * 1024, 'y');
    const started = performance.now();
    for (let sent = 0; sent < 60 * 1024 * 1024; sent += chunk.length) log.chunk('stdout', chunk);
    log.flush();
    expect(performance.now() - started).toBeLessThan(2000);
    expect(lines).toHaveLength(Math.ceil((60 * 1024 * 1024) / MAX_LOG_LINE_BYTES));
    expect(Buffer.byteLength(log.text)).toBeLessThan(KEPT_HEAD_BYTES + KEPT_TAIL_BYTES + MAX_LOG_LINE_BYTES + 100);
  });

  it('keeps the first and the last lines of a long log, saying how much it left out', () => {
    const log = new LogCollector(undefined);
    log.line('START');
    const line = 'z'.repeat(999);
    for (let i = 0; i < 3000; i += 1) log.line(line);
    log.line('REPORT');
    const text = log.text;
    expect(text.startsWith('START\n')).toBe(true);
    expect(text.endsWith(`${line}\nREPORT\n`)).toBe(true);
    const omitted = Number(/\[lsim: (\d+) bytes of log left out here\]/.exec(text)?.[1]);
    expect(omitted).toBeGreaterThan(0);
    // Nothing lost but what the marker counts.
    expect(Buffer.byteLength(text) - Buffer.byteLength(`[lsim: ${omitted} bytes of log left out here]\n`) + omitted).toBe(
      6 + 3000 * 1000 + 7,
    );
  });
});
