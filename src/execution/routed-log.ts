import { LogCollector } from './log-collector.js';

/**
 * Sends a long-lived container's output to the log of whichever invoke it is serving: the
 * container is attached once, its invokes come and go. Partial lines stay in the invoke's log.
 */
export class RoutedLog extends LogCollector {
  constructor(public target: LogCollector = new LogCollector(undefined)) {
    super(undefined);
  }

  override line(text: string): void {
    this.target.line(text);
  }

  override chunk(stream: string, data: Buffer | string): void {
    this.target.chunk(stream, data);
  }
}
