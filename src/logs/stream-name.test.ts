import { describe, expect, it } from 'vitest';
import { defaultLogGroup, logStreamName } from './stream-name.js';

describe('logStreamName', () => {
  it('names the stream from the UTC date, the version and 16 random bytes', () => {
    const sizes: number[] = [];
    const name = logStreamName(new Date('2025-12-31T23:30:00-05:00'), '7', (size) => {
      sizes.push(size);
      return new Uint8Array(size).fill(0xab);
    });
    expect(sizes).toEqual([16]);
    expect(name).toBe(`2026/01/01/[7]${'ab'.repeat(16)}`);
  });

  it('is random by default and keeps $LATEST as it is', () => {
    const a = logStreamName(new Date('2024-01-02T00:00:00Z'), '$LATEST');
    expect(a).toMatch(/^2024\/01\/02\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(logStreamName(new Date('2024-01-02T00:00:00Z'), '$LATEST')).not.toBe(a);
  });

  it('puts functions in /aws/lambda/<name>', () => {
    expect(defaultLogGroup('my-fn')).toBe('/aws/lambda/my-fn');
  });
});
