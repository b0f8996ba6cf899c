import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** A log group of one account in one region: CloudWatch Logs keeps groups per account and region. */
export interface LogGroupRef {
  readonly accountId: string;
  readonly region: string;
  readonly logGroup: string;
}

/** One stored line, as FilterLogEvents returns it (docs/logs.md#stored-events). */
export interface LogEvent {
  readonly logStreamName: string;
  /** When the line was printed, epoch ms. */
  readonly timestamp: number;
  /** When it was written under LSIM_HOME, epoch ms. */
  readonly ingestionTime: number;
  readonly message: string;
  readonly eventId: string;
}

export interface LogStoreLimits {
  /** A group's current file rotates once it would grow past this. */
  readonly maxFileBytes: number;
  /** Rotated files kept beside the current one; the oldest is dropped. */
  readonly rotatedFiles: number;
}

/** 4 MiB per file and two rotated ones: at most about 12 MiB per function (docs/logs.md#bounds-and-rotation). */
export const DEFAULT_LIMITS: LogStoreLimits = { maxFileBytes: 4 * 1024 * 1024, rotatedFiles: 2 };
/** Lines are written in batches this often, so a chatty function costs few writes; `lsim logs --follow` polls slower. */
const FLUSH_MS = 200;
const FLUSH_BYTES = 256 * 1024;
const FILE = 'events.jsonl';

interface StoredRecord {
  t: number;
  i: number;
  s: string;
  m: string;
  e: string;
}

/**
 * Invocation logs under `LSIM_HOME/logs/<account>/<region>/<group>/`: one JSON line per event in
 * `events.jsonl`, rotated to `events.jsonl.1`, `.2`. Every process of a home (serve, one-shot
 * invokes) appends to the same files; appends are whole lines, written with one O_APPEND write each batch.
 */
export class LogStore {
  constructor(
    private readonly home: string,
    private readonly limits: LogStoreLimits = DEFAULT_LIMITS,
  ) {}

  groupDir(ref: LogGroupRef): string {
    return join(this.home, 'logs', segment(ref.accountId), segment(ref.region), segment(ref.logGroup));
  }

  exists(ref: LogGroupRef): boolean {
    return existsSync(this.groupDir(ref));
  }

  /** The names of the groups of one account and region that have logged, in no particular order. */
  groups(accountId: string, region: string): string[] {
    const dir = join(this.home, 'logs', segment(accountId), segment(region));
    try {
      return readdirSync(dir).map((name) => decodeURIComponent(name));
    } catch {
      return [];
    }
  }

  /** When the group's first line was stored (its folder's birth), epoch ms. */
  createdAt(ref: LogGroupRef): number {
    const info = statSync(this.groupDir(ref));
    return Math.floor(info.birthtimeMs > 0 ? info.birthtimeMs : info.ctimeMs);
  }

  /** A writer for one execution environment's stream; nothing is written until it logs a line. */
  writer(ref: LogGroupRef, logStreamName: string): StreamWriter {
    return new StreamWriter((records) => this.append(ref, records), logStreamName);
  }

  append(ref: LogGroupRef, records: readonly StoredRecord[]): void {
    if (records.length === 0) return;
    const dir = this.groupDir(ref);
    const text = records.map((record) => `${JSON.stringify(record)}\n`).join('');
    const current = join(dir, FILE);
    // The folder is made only when the file is not there: a warm server appends once per invoke.
    const size = statSync(current, { throwIfNoEntry: false })?.size;
    if (size === undefined) mkdirSync(dir, { recursive: true });
    else if (size > 0 && size + Buffer.byteLength(text) > this.limits.maxFileBytes) this.rotate(dir);
    appendFileSync(current, text);
  }

  /** Every stored event of the group, oldest file first, in timestamp order (stable: a file's own order among equals). */
  read(ref: LogGroupRef): LogEvent[] {
    const dir = this.groupDir(ref);
    const events: LogEvent[] = [];
    for (let n = this.limits.rotatedFiles; n >= 0; n -= 1) {
      const path = join(dir, n === 0 ? FILE : `${FILE}.${n}`);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        const event = parseRecord(line);
        if (event !== undefined) events.push(event);
      }
    }
    return events.sort((a, b) => a.timestamp - b.timestamp);
  }

  private rotate(dir: string): void {
    // Renames replace atomically; two processes rotating at once lose at most one generation.
    for (let n = this.limits.rotatedFiles; n >= 1; n -= 1) {
      const from = join(dir, n === 1 ? FILE : `${FILE}.${n - 1}`);
      try {
        renameSync(from, join(dir, `${FILE}.${n}`));
      } catch {
        // Not there (yet), or another process moved it first.
      }
    }
    if (this.limits.rotatedFiles === 0) renameSync(join(dir, FILE), join(dir, `${FILE}.old`));
  }
}

/** Buffers one stream's lines and appends them in batches (on a timer, past a size, and on flush). */
export class StreamWriter {
  private pending: StoredRecord[] = [];
  private pendingBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly idPrefix = randomBytes(8).toString('hex');
  private count = 0;

  constructor(
    private readonly write: (records: readonly StoredRecord[]) => void,
    readonly logStreamName: string,
  ) {}

  line(message: string, timestamp = Date.now()): void {
    this.count += 1;
    this.pending.push({ t: timestamp, i: 0, s: this.logStreamName, m: message, e: `${this.idPrefix}${this.count}` });
    this.pendingBytes += message.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), FLUSH_MS).unref();
  }

  /** Writes what is buffered. A log that cannot be written (full disk) never fails the invoke: its lines are dropped. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const records = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const now = Date.now();
    for (const record of records) record.i = now;
    try {
      this.write(records);
    } catch {
      // The invoke's own result does not depend on its stored log (docs/logs.md#bounds-and-rotation).
    }
  }
}

/** A path segment for any name: nothing of it can climb out of LSIM_HOME/logs. */
function segment(name: string): string {
  return encodeURIComponent(name).replaceAll('.', '%2E').replaceAll('*', '%2A');
}

function parseRecord(line: string): LogEvent | undefined {
  if (line === '') return undefined;
  try {
    const record = JSON.parse(line) as Partial<StoredRecord>;
    if (typeof record.t !== 'number' || typeof record.s !== 'string' || typeof record.m !== 'string' || typeof record.e !== 'string') {
      return undefined;
    }
    return { logStreamName: record.s, timestamp: record.t, ingestionTime: record.i ?? record.t, message: record.m, eventId: record.e };
  } catch {
    // A line torn by a crash mid-write.
    return undefined;
  }
}
