import { describe, expect, it } from 'vitest';
import { UsageError } from '../usage-error.js';
import { parseIntegerValue, parseLongArgument } from './integer-param.js';

describe('integer parameters', () => {
  it('parses like Python int()', () => {
    expect(parseLongArgument('--version-number', '3')).toBe(3);
    expect(parseLongArgument('--version-number', '-1')).toBe(-1);
    expect(parseIntegerValue(' +30 ')).toBe(30);
    expect(parseIntegerValue('1_000')).toBe(1000);
  });

  it("reports long arguments as usage errors and integers with Python's message", () => {
    expect(() => parseLongArgument('--version-number', 'abc')).toThrow(UsageError);
    expect(() => parseLongArgument('--version-number', 'abc')).toThrow("argument --version-number: invalid int value: 'abc'");
    expect(() => parseIntegerValue('1.5')).toThrow("invalid literal for int() with base 10: '1.5'");
  });
});
