import { describe, expect, it } from 'vitest';
import { StatsLineParser, pathStatFromHeaders } from './docker-container.js';

describe('StatsLineParser', () => {
  it('parses newline-delimited JSON split anywhere, skipping blank and broken lines', () => {
    const seen: unknown[] = [];
    const parser = new StatsLineParser((stats) => seen.push(stats));
    parser.push('{"memory_stats":{"max_usage":1');
    parser.push('0}}\n\n{broken\n{"memory_stats":{}}');
    expect(seen).toEqual([{ memory_stats: { max_usage: 10 } }]);
    parser.push('\n');
    expect(seen).toEqual([{ memory_stats: { max_usage: 10 } }, { memory_stats: {} }]);
  });
});

describe('pathStatFromHeaders', () => {
  const header = Buffer.from(JSON.stringify({ name: 'x', size: 3, mode: 420, mtime: '2020-01-01T00:00:00Z', linkTarget: '' })).toString(
    'base64',
  );

  it("decodes the engine's X-Docker-Container-Path-Stat header from a response or a header map", () => {
    const expected = { name: 'x', size: 3, mode: 420, linkTarget: '' };
    expect(pathStatFromHeaders({ headers: { 'x-docker-container-path-stat': header } })).toEqual(expected);
    expect(pathStatFromHeaders({ 'x-docker-container-path-stat': header })).toEqual(expected);
  });

  it('is undefined without the header', () => {
    expect(pathStatFromHeaders({ headers: {} })).toBeUndefined();
    expect(pathStatFromHeaders(undefined)).toBeUndefined();
  });
});
