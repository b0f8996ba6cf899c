import { randomBytes } from 'node:crypto';

/**
 * The end of an invoke's output, made exact. The container's stdout and stderr reach lsim through the
 * engine's attach stream some time after the processes wrote them, so "the runtime answered" does not
 * mean "its output is here". lsim-entry writes a marker line on both streams when asked (over the
 * environment's private link), after the runtime answered and the extensions called next: each stream
 * is a pipe, so once a stream's marker has come back, everything written to it before has too. The
 * marker is taken out of the output; nothing else changes (docs/lifecycle.md#the-end-of-an-invokes-output).
 */

export type OutputStream = 'stdout' | 'stderr';

const STREAMS: readonly OutputStream[] = ['stdout', 'stderr'];

interface Expected {
  readonly needle: Buffer;
  readonly seen: Set<OutputStream>;
  readonly resolve: () => void;
}

export class OutputMarkers {
  /** Per environment: a function that prints a marker of its own cannot end another's invoke log early. */
  private readonly token = randomBytes(8).toString('hex');
  private sequence = 0;
  private expected: Expected | undefined;
  /** The end of a chunk that may be the start of the marker, held until the next chunk says. */
  private readonly held = new Map<OutputStream, Buffer>();

  constructor(private readonly sink: (stream: OutputStream, data: Buffer) => void) {}

  /** One chunk of a stream: passed on without the marker, if it holds it. */
  chunk(stream: OutputStream, data: Buffer): void {
    const expected = this.expected;
    const held = this.held.get(stream);
    let bytes = held === undefined ? data : Buffer.concat([held, data]);
    this.held.delete(stream);
    if (expected === undefined || expected.seen.has(stream)) {
      if (bytes.length > 0) this.sink(stream, bytes);
      return;
    }
    const { needle } = expected;
    const at = bytes.indexOf(needle);
    if (at >= 0) {
      bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + needle.length)]);
      this.arrived(expected, stream);
    } else {
      const keep = partialMatch(bytes, needle);
      if (keep > 0) {
        this.held.set(stream, bytes.subarray(bytes.length - keep));
        bytes = bytes.subarray(0, bytes.length - keep);
      }
    }
    if (bytes.length > 0) this.sink(stream, bytes);
  }

  /**
   * The next marker: the text lsim-entry writes (a line of its own) and a promise that resolves once it
   * came back on both streams. `cancel` gives up on it (the container stopped, a bound passed) and lets
   * whatever was held back through.
   */
  expect(): { readonly text: string; readonly arrived: Promise<void>; cancel(): void } {
    this.cancel();
    this.sequence += 1;
    const text = `\u001elsim-output-marker ${this.token} ${this.sequence}`;
    let resolve: () => void = () => undefined;
    const arrived = new Promise<void>((done) => (resolve = done));
    const expected: Expected = { needle: Buffer.from(`${text}\n`), seen: new Set(), resolve };
    this.expected = expected;
    return {
      text,
      arrived,
      cancel: () => {
        if (this.expected === expected) this.cancel();
      },
    };
  }

  private arrived(expected: Expected, stream: OutputStream): void {
    expected.seen.add(stream);
    if (STREAMS.every((each) => expected.seen.has(each))) {
      this.expected = undefined;
      expected.resolve();
    }
  }

  private cancel(): void {
    const expected = this.expected;
    this.expected = undefined;
    expected?.resolve();
    for (const [stream, bytes] of [...this.held]) {
      this.held.delete(stream);
      this.sink(stream, bytes);
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
