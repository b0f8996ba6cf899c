import { describe, expect, it } from 'vitest';
import { LsimError } from '../common/errors.js';
import type { ContainerSpec } from '../engine/container-engine.js';
import { assertSandboxLimits } from './sandbox-limits.js';

const MB = 1024 * 1024;
const spec = (overrides: Partial<ContainerSpec> = {}): ContainerSpec => ({
  image: 'lsim/python:x',
  env: {},
  labels: {},
  mounts: [{ type: 'volume', target: '/tmp', readOnly: false, sizeBytes: 512 * MB }],
  memoryBytes: 128 * MB,
  pidsLimit: 1024,
  ulimitNofile: 1024,
  ...overrides,
});

const refusal = (candidate: ContainerSpec): string => {
  try {
    assertSandboxLimits(candidate, 'fn');
  } catch (error) {
    expect(error).toBeInstanceOf(LsimError);
    return (error as LsimError).message;
  }
  throw new Error('expected a refusal');
};

describe('assertSandboxLimits', () => {
  it('accepts a container with every limit', () => {
    expect(() => assertSandboxLimits(spec(), 'fn')).not.toThrow();
  });

  it('refuses a MemorySize that decoded to NaN ("big"), with a clear message', () => {
    expect(refusal(spec({ memoryBytes: Number('big') * MB }))).toBe(
      'lsim refuses to start a container for function fn without a memory limit (got NaN bytes): check its MemorySize and EphemeralStorage.',
    );
  });

  it.each([
    ['no memory limit', { memoryBytes: undefined }, 'a memory limit (got none bytes)'],
    ['a zero memory limit', { memoryBytes: 0 }, 'a memory limit (got 0 bytes)'],
    ['a fractional memory limit', { memoryBytes: 1.5 }, 'a memory limit (got 1.5 bytes)'],
    ['no pids limit', { pidsLimit: undefined }, 'a process limit (got none)'],
    ['an unlimited pids limit', { pidsLimit: -1 }, 'a process limit (got -1)'],
    ['no nofile limit', { ulimitNofile: undefined }, 'a file-descriptor limit (got none)'],
    ['no /tmp', { mounts: [] }, 'a /tmp (none mounted)'],
    ['an unsized /tmp', { mounts: [{ type: 'volume', target: '/tmp', readOnly: false }] }, 'a sized /tmp (got none bytes)'],
    [
      'an infinite /tmp',
      { mounts: [{ type: 'volume', target: '/tmp', readOnly: false, sizeBytes: Infinity }] },
      'a sized /tmp (got Infinity bytes)',
    ],
  ] as const)('refuses %s', (_, overrides, what) => {
    expect(refusal(spec(overrides))).toContain(`without ${what}`);
  });

  it('names every missing limit at once', () => {
    expect(refusal(spec({ memoryBytes: undefined, pidsLimit: undefined }))).toContain(
      'without a memory limit (got none bytes), a process limit (got none)',
    );
  });
});
