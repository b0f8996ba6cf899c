import { randomBytes } from 'node:crypto';

/**
 * The end of an invoke's output, made exact. The container's stdout and stderr reach lsim through the
 * engine's attach stream some time after the processes wrote them, so "the runtime answered" does not
 * mean "its output is here". lsim-entry writes a marker line on both streams when asked (over the
 * environment's private link), after the runtime answered and the extensions called next: each stream
 * is a pipe, so once a stream's marker has come back, everything written to it before has too. The
 * marker is taken out of the output; nothing else changes (docs/lifecycle.md#the-end-of-an-invokes-output).
 *
 * Several markers can be on their way at once (the next invoke may run while the last one's marker
 * travels: docs/lifecycle.md#the-next-invoke-before-the-marker-is-back): each stream brings them back in
 * the order they were asked for, and `boundary` hears each one between the bytes before it and after it.
 */

export type OutputStream = 'stdout' | 'stderr';

export const OUTPUT_STREAMS: readonly OutputStream[] = ['stdout', 'stderr'];

interface Expected {
  readonly needle: Buffer;
  readonly seen: Set<OutputStream>;
  readonly resolve: () => void;
}

export interface ExpectedMarker {
  /** The line lsim-entry writes (without its newline). */
  readonly text: string;
  /** Resolves once the marker came back on both streams, or was given up. */
  readonly arrived: Promise<void>;
  /** Gives up on this marker and every older one, letting what was held back through. */
  cancel(): void;
}

export class OutputMarkers {
  /** Per environment: a function that prints a marker of its own cannot end another's invoke log early. */
  private readonly token = randomBytes(8).toString('hex');
  private sequence = 0;
  /** Oldest first; a marker leaves once both streams brought it back. */
  private readonly expected: Expected[] = [];
  /** The end of a chunk that may be the start of a marker, held until the next chunk says. */
  private readonly held = new Map<OutputStream, Buffer>();

  constructor(
    private readonly sink: (stream: OutputStream, data: Buffer) => void,
    /** A stream's marker passed: what the stream brings from now on was written after it. */
    private readonly boundary: (stream: OutputStream) => void = () => undefined,
  ) {}

  /** One chunk of a stream: passed on without the markers it holds, each boundary in its place. */
  chunk(stream: OutputStream, data: Buffer): void {
    const held = this.held.get(stream);
    let bytes = held === undefined ? data : Buffer.concat([held, data]);
    this.held.delete(stream);
    for (;;) {
      const expected = this.expected.find((each) => !each.seen.has(stream));
      if (expected === undefined) break;
      const at = bytes.indexOf(expected.needle);
      if (at < 0) {
        const keep = partialMatch(bytes, expected.needle);
        if (keep > 0) {
          this.held.set(stream, bytes.subarray(bytes.length - keep));
          bytes = bytes.subarray(0, bytes.length - keep);
        }
        break;
      }
      if (at > 0) this.sink(stream, bytes.subarray(0, at));
      bytes = bytes.subarray(at + expected.needle.length);
      this.passed(expected, stream);
    }
    if (bytes.length > 0) this.sink(stream, bytes);
  }

  /** The next marker, expected after every marker still on its way. */
  expect(): ExpectedMarker {
    this.sequence += 1;
    const text = `\u001elsim-output-marker ${this.token} ${this.sequence}`;
    let resolve: () => void = () => undefined;
    const arrived = new Promise<void>((done) => (resolve = done));
    const expected: Expected = { needle: Buffer.from(`${text}\n`), seen: new Set(), resolve };
    this.expected.push(expected);
    return { text, arrived, cancel: () => this.giveUp(expected) };
  }

  private passed(expected: Expected, stream: OutputStream): void {
    expected.seen.add(stream);
    this.boundary(stream);
    // Each stream brings the markers back in order, so one both have brought back is the oldest.
    if (OUTPUT_STREAMS.every((each) => expected.seen.has(each)) && this.expected[0] === expected) {
      this.expected.shift();
      expected.resolve();
    }
  }

  /** As if `last` and every older marker had come back: what was held back goes through before each boundary. */
  private giveUp(last: Expected): void {
    if (!this.expected.includes(last)) return;
    for (;;) {
      const expected = this.expected[0];
      if (expected === undefined) return;
      for (const stream of OUTPUT_STREAMS) {
        if (expected.seen.has(stream)) continue;
        const held = this.held.get(stream);
        this.held.delete(stream);
        if (held !== undefined) this.sink(stream, held);
        this.passed(expected, stream);
      }
      if (expected === last) return;
    }
  }
}

/** How many bytes at the end of `bytes` are the start of `needle` (its first byte occurs nowhere else in it). */
function partialMatch(bytes: Buffer, needle: Buffer): number {
  const from = Math.max(0, bytes.length - needle.length + 1);
  const at = bytes.lastIndexOf(needle[0] ?? 0, bytes.length - 1);
  if (at < from) return 0;
  const tail = bytes.subarray(at);
  return needle.subarray(0, tail.length).equals(tail) ? tail.length : 0;
}
