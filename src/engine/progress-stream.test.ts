import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readProgressStream } from './progress-stream.js';

const chunks = (...parts: string[]): Readable => Readable.from(parts.map((part) => Buffer.from(part)));

describe('readProgressStream', () => {
  it('reports log lines, even when a JSON object straddles chunks', async () => {
    const lines: string[] = [];
    const result = await readProgressStream(
      chunks('{"stream":"Step 1/2 : FROM x\\n"}\r\n{"str', 'eam":"Step 2/2 : RUN y\\n"}\r\n{"status":"done"}'),
      (line) => lines.push(line),
    );
    expect(lines).toEqual(['Step 1/2 : FROM x', 'Step 2/2 : RUN y', 'done']);
    expect(result.error).toBeUndefined();
  });

  it('returns the error and the last lines', async () => {
    const result = await readProgressStream(
      chunks(
        '{"stream":"Step 2/2 : RUN false\\n"}\n',
        '{"errorDetail":{"code":1,"message":"The command \'/bin/sh -c false\' returned a non-zero code: 1"},"error":"The command \'/bin/sh -c false\' returned a non-zero code: 1"}\n',
      ),
    );
    expect(result.error).toBe("The command '/bin/sh -c false' returned a non-zero code: 1");
    expect(result.tail).toEqual(['Step 2/2 : RUN false']);
  });

  it('reads errorDetail alone and keeps a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('{"stream":"é\\n"}\n{"errorDetail":{"message":"boom"}}\n');
    const result = await readProgressStream(Readable.from([bytes.subarray(0, 12), bytes.subarray(12)]));
    expect(result.tail).toEqual(['é']);
    expect(result.error).toBe('boom');
  });
});
