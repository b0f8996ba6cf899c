import { LogCollector } from './log-collector.js';
import { OUTPUT_STREAMS, type OutputStream } from './output-markers.js';

interface Route {
  /** How many output markers each stream passes before its lines are this log's. */
  readonly from: number;
  readonly log: LogCollector;
}

/**
 * Sends a long-lived container's output to the log of whichever invoke it is serving: the container is
 * attached once, its invokes come and go. A stream moves to the next invoke's log at the output marker
 * that ended the invoke before (output-markers.ts), which it may pass after the next invoke has begun
 * (docs/lifecycle.md#the-next-invoke-before-the-marker-is-back); until then its lines stay in the log they
 * were written for. It takes whole lines only: each stream's own tap cuts them (execution-environment.ts).
 */
export class RoutedLog {
  /** Oldest first; the first is every stream's log until it passes the marker the second waits for. */
  private readonly routes: Route[];
  private readonly passed = new Map<OutputStream, number>(OUTPUT_STREAMS.map((stream) => [stream, 0]));
  private posted = 0;

  constructor(initial: LogCollector = new LogCollector(undefined)) {
    this.routes = [{ from: 0, log: initial }];
  }

  /** The newest log: the platform's lines go there, and each stream's after the markers asked for so far. */
  get target(): LogCollector {
    return (this.routes[this.routes.length - 1] as Route).log;
  }

  set target(log: LogCollector) {
    this.routes.push({ from: this.posted, log });
    this.prune();
  }

  /** A marker was asked for: the output after it belongs to the next target. */
  markerPosted(): void {
    this.posted += 1;
  }

  /** A stream passed its next marker. */
  boundary(stream: OutputStream): void {
    this.passed.set(stream, (this.passed.get(stream) ?? 0) + 1);
    this.prune();
  }

  /** A whole line of one stream, to the log that stream is in now. */
  streamLine(stream: OutputStream, text: string): void {
    this.logOf(stream).line(text);
  }

  /** A line of the platform's (a telemetry subscriber's failure, say): the newest log's. */
  line(text: string): void {
    this.target.line(text);
  }

  private logOf(stream: OutputStream): LogCollector {
    const passed = this.passed.get(stream) ?? 0;
    let log = (this.routes[0] as Route).log;
    for (const route of this.routes) if (route.from <= passed) log = route.log;
    return log;
  }

  /** Routes every stream has moved beyond are let go. */
  private prune(): void {
    const slowest = Math.min(...this.passed.values());
    while (this.routes.length > 1 && (this.routes[1] as Route).from <= slowest) this.routes.shift();
  }
}
