import { setTimeout as delay } from 'node:timers/promises';
import { parseFunctionArn } from '../../common/arn.js';
import { LsimError } from '../../common/errors.js';
import { selectEvents } from '../../logs/log-query.js';
import { LogStore, type LogEvent } from '../../logs/log-store.js';
import { defaultLogGroup } from '../../logs/stream-name.js';
import type { ArgReader } from '../arg-reader.js';
import type { CliContext } from '../context.js';

/** `--follow` looks for new lines this often (aws logs tail waits 5 s; a local store is cheap to read). */
const FOLLOW_POLL_MS = 1000;
const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** The body of `lsim logs`: the store read directly, with the selection FilterLogEvents makes over lsim serve. */
export async function runLogs(args: ArgReader, ctx: CliContext): Promise<unknown> {
  const name = args.string('function-name') ?? '';
  const arn = parseFunctionArn(name);
  const { config } = ctx;
  const ref = {
    accountId: arn?.accountId ?? config.accountId,
    region: arn?.region ?? config.region,
    logGroup: defaultLogGroup(arn?.functionName ?? name),
  };
  const store = new LogStore(config.home);
  let startTime = sinceMillis(args.string('since') ?? '10m', Date.now());
  // As aws logs tail: the events at the newest timestamp seen are remembered, so a poll from there repeats none.
  let seen = new Set<string>();
  for (;;) {
    const events = store.exists(ref) ? allEvents(store.read(ref), startTime) : [];
    for (const event of events) if (!seen.has(event.eventId)) ctx.print(formatEvent(event));
    const newest = events.at(-1)?.timestamp;
    if (newest !== undefined) {
      const atNewest = events.filter((e) => e.timestamp === newest).map((e) => e.eventId);
      seen = new Set(newest === startTime ? [...seen, ...atNewest] : atNewest);
      startTime = newest;
    }
    if (!args.flag('follow') || ctx.signal.aborted) return undefined;
    await delay(FOLLOW_POLL_MS, undefined, { signal: ctx.signal }).catch(() => undefined);
    if (ctx.signal.aborted) return undefined;
  }
}

function allEvents(stored: readonly LogEvent[], startTime: number): LogEvent[] {
  const events: LogEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = selectEvents(stored, { startTime, nextToken });
    events.push(...page.events);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** aws logs tail's relative (`10m`) or ISO 8601 `--since`. */
export function sinceMillis(since: string, now: number): number {
  const relative = /^(\d+)([smhdw])$/.exec(since);
  if (relative !== null) return now - Number(relative[1]) * (UNIT_SECONDS[relative[2] ?? 's'] ?? 1) * 1000;
  const parsed = Date.parse(since);
  if (Number.isNaN(parsed)) {
    throw new LsimError(
      'ParamValidation',
      `Unable to parse --since ${JSON.stringify(since)}: a number and a unit (s, m, h, d, w) or an ISO 8601 timestamp.`,
    );
  }
  return parsed;
}

/** `aws logs tail`'s detailed format: the UTC time to the microsecond, the stream, the message. */
export function formatEvent(event: LogEvent): string {
  const iso = new Date(event.timestamp).toISOString().replace(/\.(\d{3})Z$/, '.$1000+00:00');
  return `${iso} ${event.logStreamName} ${event.message.trimEnd()}\n`;
}
