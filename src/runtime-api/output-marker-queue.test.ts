import { describe, expect, it } from 'vitest';
import { OutputMarkerQueue } from './output-marker-queue.js';

describe('OutputMarkerQueue.follow', () => {
  it('hands over what was kept, then each marker as it is posted, in order', () => {
    const queue = new OutputMarkerQueue();
    queue.post('a');
    queue.post('b');
    const seen: string[] = [];
    queue.follow((text) => seen.push(text));
    queue.post('c');
    queue.post('d');
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
  });

  it('after stop, markers are kept for the next follower (lsim-entry reconnected)', () => {
    const queue = new OutputMarkerQueue();
    const first: string[] = [];
    const stop = queue.follow((text) => first.push(text));
    queue.post('a');
    stop();
    queue.post('b');
    const second: string[] = [];
    queue.follow((text) => second.push(text));
    expect({ first, second }).toEqual({ first: ['a'], second: ['b'] });
  });

  it('a new follower replaces the old one, which hears nothing more', () => {
    const queue = new OutputMarkerQueue();
    const old: string[] = [];
    const current: string[] = [];
    queue.follow((text) => old.push(text));
    queue.follow((text) => current.push(text));
    queue.post('a');
    expect({ old, current }).toEqual({ old: [], current: ['a'] });
  });
});

describe('OutputMarkerQueue.ask', () => {
  it('resolves once lsim-entry sends the marker back, and not for another line', async () => {
    const queue = new OutputMarkerQueue();
    const sent: string[] = [];
    queue.follow((text) => sent.push(text));
    const first = queue.ask('m1');
    const second = queue.ask('m2');
    const written: string[] = [];
    void first.written.then(() => written.push('m1'));
    void second.written.then(() => written.push('m2'));
    queue.confirm('m3');
    queue.confirm('m2');
    await second.written;
    expect({ sent, written }).toEqual({ sent: ['m1', 'm2'], written: ['m2'] });
    first.forget();
    queue.confirm('m1');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(written).toEqual(['m2']);
  });
});
