import { LogCollector } from './log-collector.js';

/**
 * Cuts raw output into lines exactly as an invoke's log does, and hands each to `each` without
 * keeping any: the function's output as Telemetry API `function` records (docs/telemetry.md#records).
 */
export class LineTap extends LogCollector {
  constructor(private readonly each: (line: string) => void) {
    super(undefined);
  }

  override line(text: string): void {
    this.each(text);
  }
}
