/**
 * The log of one invoke: the function's output and the platform's lines, in order. Each complete
 * line goes to the sink as it arrives. Output is cut into lines in one pass over each chunk (linear
 * in the output, however long its lines), a line longer than Lambda's longest log event is cut
 * there (docs/security.md, "Bounds"), and what is kept for `text` is bounded: function output cannot
 * grow lsim's memory without limit.
 */

/**
 * A CloudWatch Logs event holds 256 KB (262,144 bytes) counting 26 bytes of overhead, so at most
 * 262,118 bytes of message: what one line of function output becomes at most in Lambda
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html).
 */
export const MAX_LOG_LINE_BYTES = 262_144 - 26;
/** `text` keeps the log's first lines up to this many bytes (START and the first output)... */
export const KEPT_HEAD_BYTES = 64 * 1024;
/** ...and its last lines up to this many (the tail `LogResult` is cut from, END and REPORT). */
export const KEPT_TAIL_BYTES = 1024 * 1024;

const NEWLINE = 0x0a;

interface PendingLine {
  parts: Buffer[];
  bytes: number;
}

export class LogCollector {
  private readonly head: string[] = [];
  private headBytes = 0;
  private tail: string[] = [];
  private tailStart = 0;
  private tailBytes = 0;
  private omittedBytes = 0;
  private readonly partial = new Map<string, PendingLine>();

  constructor(private readonly sink: ((line: string) => void) | undefined) {}

  line(text: string): void {
    this.keep(text);
    this.sink?.(text);
  }

  /** Raw output of one stream: split into lines, holding back an unfinished one (bounded). */
  chunk(stream: string, data: Buffer | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let pending = this.partial.get(stream);
    if (pending === undefined) {
      pending = { parts: [], bytes: 0 };
      this.partial.set(stream, pending);
    }
    let offset = 0;
    for (let newline = bytes.indexOf(NEWLINE, offset); newline >= 0; newline = bytes.indexOf(NEWLINE, offset)) {
      this.append(pending, bytes.subarray(offset, newline));
      this.emit(pending);
      offset = newline + 1;
    }
    if (offset < bytes.length) this.append(pending, bytes.subarray(offset));
  }

  /** Emits unfinished lines, e.g. output without a final newline, before END. */
  flush(): void {
    for (const pending of this.partial.values()) if (pending.bytes > 0) this.emit(pending);
  }

  /** The log, each line newline-terminated; past the kept head and tail, one line says how much was left out. */
  get text(): string {
    const tail = this.tail.slice(this.tailStart);
    const gap = this.omittedBytes > 0 ? [`[lsim: ${this.omittedBytes} bytes of log left out here]`] : [];
    return [...this.head, ...gap, ...tail].map((line) => `${line}\n`).join('');
  }

  /** Adds bytes of one unfinished line, emitting a full line each time it reaches the longest allowed. */
  private append(pending: PendingLine, bytes: Buffer): void {
    let rest = bytes;
    while (pending.bytes + rest.length > MAX_LOG_LINE_BYTES) {
      const cut = utf8Boundary(rest, MAX_LOG_LINE_BYTES - pending.bytes);
      pending.parts.push(rest.subarray(0, cut));
      pending.bytes += cut;
      this.emit(pending);
      rest = rest.subarray(cut);
      if (rest.length === 0) return;
    }
    if (rest.length > 0) {
      pending.parts.push(rest);
      pending.bytes += rest.length;
    }
  }

  private emit(pending: PendingLine): void {
    const text = Buffer.concat(pending.parts, pending.bytes).toString('utf8');
    pending.parts = [];
    pending.bytes = 0;
    this.line(text);
  }

  private keep(text: string): void {
    const size = Buffer.byteLength(text) + 1;
    if (this.tailBytes === 0 && this.omittedBytes === 0 && this.headBytes + size <= KEPT_HEAD_BYTES) {
      this.head.push(text);
      this.headBytes += size;
      return;
    }
    this.tail.push(text);
    this.tailBytes += size;
    while (this.tailBytes > KEPT_TAIL_BYTES && this.tailStart < this.tail.length - 1) {
      const dropped = Buffer.byteLength(this.tail[this.tailStart] ?? '') + 1;
      // Let go of the line now: the slot itself is reclaimed by the next compaction.
      this.tail[this.tailStart] = '';
      this.tailStart += 1;
      this.tailBytes -= dropped;
      this.omittedBytes += dropped;
    }
    // Compact now and then, so dropping from the front stays linear overall.
    if (this.tailStart > 1024 && this.tailStart * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailStart);
      this.tailStart = 0;
    }
  }
}

/** The largest `n <= limit` that does not split a UTF-8 character of `bytes` (a character is at most 4 bytes). */
function utf8Boundary(bytes: Buffer, limit: number): number {
  let cut = Math.min(limit, bytes.length);
  const floor = Math.max(0, cut - 3);
  while (cut > floor && cut < bytes.length && ((bytes[cut] ?? 0) & 0xc0) === 0x80) cut -= 1;
  return cut;
}

/** `X-Amz-Log-Result` / `LogResult`: base64 of the last 4 KB of the log (docs/lambda-facts.md#invoke-results). */
export function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - 4096)).toString('base64');
}
