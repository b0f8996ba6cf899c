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
