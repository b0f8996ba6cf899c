/**
 * The log of one invoke: the function's output and the platform's lines, in order. Each complete
 * line goes to the sink as it arrives; the whole text is kept for `LogType: Tail`.
 */
export class LogCollector {
  private readonly lines: string[] = [];
  private readonly partial = new Map<string, string>();

  constructor(private readonly sink: ((line: string) => void) | undefined) {}

  line(text: string): void {
    this.lines.push(text);
    this.sink?.(text);
  }

  /** Raw output of one stream: split into lines, holding back an unfinished one. */
  chunk(stream: string, data: string): void {
    const text = (this.partial.get(stream) ?? '') + data;
    const parts = text.split('\n');
    this.partial.set(stream, parts.pop() ?? '');
    for (const part of parts) this.line(part);
  }

  /** Emits unfinished lines, e.g. output without a final newline, before END. */
  flush(): void {
    for (const [stream, rest] of this.partial) {
      if (rest !== '') this.line(rest);
      this.partial.set(stream, '');
    }
  }

  get text(): string {
    return this.lines.map((line) => `${line}\n`).join('');
  }
}

/** `X-Amz-Log-Result` / `LogResult`: base64 of the last 4 KB of the log (docs/lambda-facts.md#invoke-results). */
export function logTail(log: string): string {
  const bytes = Buffer.from(log, 'utf8');
  return bytes.subarray(Math.max(0, bytes.length - 4096)).toString('base64');
}
