import { describe, expect, it } from 'vitest';
import { peakMemoryFromStats } from './memory-stats.js';

describe('peakMemoryFromStats', () => {
  it('prefers the cgroup v1 high-water mark', () => {
    expect(peakMemoryFromStats({ memory_stats: { usage: 10, max_usage: 42 } })).toBe(42);
  });
  it('falls back to usage on cgroup v2', () => {
    expect(peakMemoryFromStats({ memory_stats: { usage: 10 } })).toBe(10);
  });
  it('is undefined for a stopped container or a malformed sample', () => {
    expect(peakMemoryFromStats({ memory_stats: {} })).toBeUndefined();
    expect(peakMemoryFromStats({})).toBeUndefined();
    expect(peakMemoryFromStats(null)).toBeUndefined();
    expect(peakMemoryFromStats({ memory_stats: { max_usage: 0, usage: 0 } })).toBeUndefined();
  });
});
