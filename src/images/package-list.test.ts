import { describe, expect, it } from 'vitest';
import { parsePackageList } from './package-list.js';

describe('parsePackageList', () => {
  it('reads one package a line, skipping blanks and comments', () => {
    expect(parsePackageList('curl\n\n# tools\nsocat # bridge\r\n  nodejs  \n')).toEqual(['curl', 'socat', 'nodejs']);
  });
});
