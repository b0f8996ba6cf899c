import type { LogEvent } from './log-store.js';

/** One stream of a group as DescribeLogStreams describes it, from its stored events. */
export interface StreamSummary {
  readonly logStreamName: string;
  readonly firstEventTimestamp: number;
  readonly lastEventTimestamp: number;
  readonly lastIngestionTime: number;
}

/**
 * The streams the events belong to, by name. A stream is created by its first event here (Lambda's
 * platform creates it as the environment starts logging), so its creation time is its first event's ingestion.
 */
export function summarizeStreams(events: readonly LogEvent[]): Map<string, StreamSummary & { readonly creationTime: number }> {
  const streams = new Map<string, StreamSummary & { creationTime: number }>();
  for (const event of events) {
    const known = streams.get(event.logStreamName);
    if (known === undefined) {
      streams.set(event.logStreamName, {
        logStreamName: event.logStreamName,
        creationTime: event.ingestionTime,
        firstEventTimestamp: event.timestamp,
        lastEventTimestamp: event.timestamp,
        lastIngestionTime: event.ingestionTime,
      });
    } else {
      streams.set(event.logStreamName, {
        ...known,
        creationTime: Math.min(known.creationTime, event.ingestionTime),
        firstEventTimestamp: Math.min(known.firstEventTimestamp, event.timestamp),
        lastEventTimestamp: Math.max(known.lastEventTimestamp, event.timestamp),
        lastIngestionTime: Math.max(known.lastIngestionTime, event.ingestionTime),
      });
    }
  }
  return streams;
}
