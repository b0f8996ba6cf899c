import { describe, expect, it } from 'vitest';
import { WaiterQueue } from './waiter-queue.js';

const taker = (): { got: string[]; deliver: (value: string) => void } => {
  const got: string[] = [];
  return { got, deliver: (value) => got.push(value) };
};

describe('WaiterQueue: the hand-off of a long-poll', () => {
  it('keeps values posted while nobody waits and hands them out oldest first, one per take', () => {
    const queue = new WaiterQueue<string>();
    queue.post('a');
    queue.post('b');
    const first = taker();
    queue.take(first.deliver);
    expect(first.got).toEqual(['a']);
    expect(queue.waiting).toBe(false);
    const second = taker();
    queue.take(second.deliver);
    expect(second.got).toEqual(['b']);
    expect(queue.drain()).toEqual([]);
  });

  it('makes a take wait when nothing is kept and hands it the next value posted, once', () => {
    const queue = new WaiterQueue<string>();
    const poll = taker();
    queue.take(poll.deliver);
    expect(queue.waiting).toBe(true);
    expect(poll.got).toEqual([]);
    queue.post('a');
    expect(poll.got).toEqual(['a']);
    expect(queue.waiting).toBe(false);
    queue.post('b');
    expect(poll.got).toEqual(['a']);
    expect(queue.drain()).toEqual(['b']);
  });

  it('keeps the value for the next take when the waiting taker was cancelled', () => {
    const queue = new WaiterQueue<string>();
    const gone = taker();
    queue.take(gone.deliver).cancel();
    expect(queue.waiting).toBe(false);
    queue.post('a');
    expect(gone.got).toEqual([]);
    const next = taker();
    queue.take(next.deliver);
    expect(next.got).toEqual(['a']);
  });

  it('lets a second take replace the first taker, and the first one cancelling later does not drop the second', () => {
    const queue = new WaiterQueue<string>();
    const first = taker();
    const firstPoll = queue.take(first.deliver);
    const second = taker();
    queue.take(second.deliver);
    firstPoll.cancel();
    expect(queue.waiting).toBe(true);
    queue.post('a');
    expect(first.got).toEqual([]);
    expect(second.got).toEqual(['a']);
  });

  it('cancelling a take that was answered at once changes nothing', () => {
    const queue = new WaiterQueue<string>();
    queue.post('a');
    const answered = taker();
    const poll = queue.take(answered.deliver);
    const waiting = taker();
    queue.take(waiting.deliver);
    poll.cancel();
    queue.post('b');
    expect([answered.got, waiting.got]).toEqual([['a'], ['b']]);
  });

  it('drops the waiting taker and drains the kept values on request', () => {
    const queue = new WaiterQueue<string>();
    const dropped = taker();
    queue.take(dropped.deliver);
    queue.dropTaker();
    expect(queue.waiting).toBe(false);
    queue.post('a');
    queue.post('b');
    expect(dropped.got).toEqual([]);
    expect(queue.drain()).toEqual(['a', 'b']);
    expect(queue.drain()).toEqual([]);
  });
});
