import { describe, expect, it } from 'vitest';
import { parseStringList } from './list-param.js';

describe('parseStringList', () => {
  it('takes space-separated values', () => {
    expect(parseStringList('--layers', 'Layers', ['a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(parseStringList('--compatible-runtimes', 'CompatibleRuntimes', ['python3.12'])).toEqual(['python3.12']);
  });

  it('takes one JSON list', () => {
    expect(parseStringList('--layers', 'Layers', ['["a","b"]'])).toEqual(['a', 'b']);
    expect(parseStringList('--layers', 'Layers', [' [ "a" ] '])).toEqual(['a']);
  });

  it('reads the literal [] and a bare flag as the empty list', () => {
    expect(parseStringList('--layers', 'Layers', ['[]'])).toEqual([]);
    expect(parseStringList('--layers', 'Layers', [])).toEqual([]);
  });

  it('rejects bad JSON and non-string members', () => {
    expect(() => parseStringList('--layers', 'Layers', ['[a'])).toThrow("Error parsing parameter '--layers': Invalid JSON:");
    expect(() => parseStringList('--layers', 'Layers', ['["a", 2]'])).toThrow(
      "Parameter validation failed:\nInvalid type for parameter Layers[1], value: 2, type: <class 'int'>, valid types: <class 'str'>",
    );
  });
});
