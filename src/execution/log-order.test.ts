import { describe, expect, it } from 'vitest';
import { LogOrder } from './log-order.js';

describe('LogOrder', () => {
  it('passes a log straight on when the one before is closed', () => {
    const lines: string[] = [];
    const order = new LogOrder();
    const first = order.next((line) => lines.push(`1 ${line}`));
    first.write('START');
    first.close();
    const second = order.next((line) => lines.push(`2 ${line}`));
    second.write('START');
    expect(lines).toEqual(['1 START', '2 START']);
  });

  it("holds a log's lines until the one before is closed, then keeps the order", () => {
    const lines: string[] = [];
    const order = new LogOrder();
    const first = order.next((line) => lines.push(`1 ${line}`));
    const second = order.next((line) => lines.push(`2 ${line}`));
    first.write('START');
    second.write('START');
    second.write('out');
    expect(lines).toEqual(['1 START']);
    first.write('REPORT');
    first.close();
    second.write('REPORT');
    expect(lines).toEqual(['1 START', '1 REPORT', '2 START', '2 out', '2 REPORT']);
  });

  it('releases a chain of closed logs at once, and only when the oldest closes', () => {
    const lines: string[] = [];
    const order = new LogOrder();
    const sinks = [1, 2, 3].map((n) => order.next((line) => lines.push(`${n} ${line}`)));
    sinks.forEach((sink, index) => sink.write(`line ${index + 1}`));
    sinks[2]?.close();
    sinks[1]?.close();
    expect(lines).toEqual(['1 line 1']);
    sinks[0]?.close();
    expect(lines).toEqual(['1 line 1', '2 line 2', '3 line 3']);
    const fourth = order.next((line) => lines.push(`4 ${line}`));
    fourth.write('passes');
    expect(lines.at(-1)).toBe('4 passes');
  });
});
