import { randomUUID } from 'node:crypto';
import { LsimError } from '../common/errors.js';
import type { Db } from './database.js';

/** One accepted Event invoke, without its payload (loaded only when it runs). */
export interface QueuedEvent {
  readonly id: string;
  readonly accountId: string;
  readonly region: string;
  readonly functionName: string;
  readonly qualifier: string | undefined;
  readonly acceptedAt: number;
  readonly attempts: number;
}

export interface EventLimits {
  /** Payload bytes the queue holds at most; past it Invoke answers TooManyRequestsException. */
  readonly maxBytes: number;
}

interface EventRow {
  id: string;
  account_id: string;
  region: string;
  function_name: string;
  qualifier: string | null;
  accepted_at: number;
  attempts: number;
}

const toEvent = (row: EventRow): QueuedEvent => ({
  id: row.id,
  accountId: row.account_id,
  region: row.region,
  functionName: row.function_name,
  qualifier: row.qualifier ?? undefined,
  acceptedAt: row.accepted_at,
  attempts: row.attempts,
});

/**
 * Lambda's asynchronous event queue in SQLite (migration 2): an event is a row from the 202 until it
 * ran (or was given up), so a server that stops or dies loses none. `claimed_by` names the server
 * process running it (process-owner.ts); a claim of a dead process is void.
 */
export class AsyncEvents {
  constructor(private readonly db: Db) {}

  /** Stores an event, or throws TooManyRequestsException when the queue's payloads would pass the bound. */
  enqueue(
    target: { accountId: string; region: string; functionName: string; qualifier: string | undefined },
    payload: Buffer,
    clientContext: string | undefined,
    limits: EventLimits,
  ): string {
    const id = randomUUID();
    const now = Date.now();
    this.db
      .transaction(() => {
        const queued = this.db.prepare('SELECT COALESCE(SUM(payload_bytes), 0) FROM async_events').pluck().get() as number;
        if (queued + payload.length > limits.maxBytes) {
          // Lambda's throttling answer (docs/async-invocation.md); the reason text is lsim's.
          throw new LsimError('TooManyRequestsException', 'Rate Exceeded.');
        }
        this.db
          .prepare(
            `INSERT INTO async_events (id, account_id, region, function_name, qualifier, payload, payload_bytes, client_context,
               accepted_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            id,
            target.accountId,
            target.region,
            target.functionName,
            target.qualifier ?? null,
            payload,
            payload.length,
            clientContext ?? null,
            now,
            now,
          );
      })
      .immediate();
    return id;
  }

  /**
   * Claims up to `limit` events that are due and not claimed by a live process, for `owner`;
   * `isAlive` tells live claims from void ones.
   */
  claimDue(owner: string, limit: number, isAlive: (token: string) => boolean, now = Date.now()): QueuedEvent[] {
    return this.db
      .transaction(() => {
        const rows = this.db
          .prepare(
            `SELECT id, account_id, region, function_name, qualifier, accepted_at, attempts, claimed_by FROM async_events
             WHERE next_attempt_at <= ? ORDER BY next_attempt_at, accepted_at`,
          )
          .all(now) as (EventRow & { claimed_by: string | null })[];
        const claimed: QueuedEvent[] = [];
        const claim = this.db.prepare('UPDATE async_events SET claimed_by = ? WHERE id = ?');
        const alive = new Map<string, boolean>();
        for (const row of rows) {
          if (claimed.length >= limit) break;
          if (row.claimed_by !== null) {
            let live = alive.get(row.claimed_by);
            if (live === undefined) alive.set(row.claimed_by, (live = isAlive(row.claimed_by)));
            if (live) continue;
          }
          claim.run(owner, row.id);
          claimed.push(toEvent(row));
        }
        return claimed;
      })
      .immediate();
  }

  payloadOf(id: string): { payload: Buffer; clientContext: string | undefined } | undefined {
    const row = this.db.prepare('SELECT payload, client_context FROM async_events WHERE id = ?').get(id) as
      { payload: Buffer; client_context: string | null } | undefined;
    return row === undefined ? undefined : { payload: row.payload, clientContext: row.client_context ?? undefined };
  }

  /** The event ran (or was given up): it leaves the queue. */
  remove(id: string): void {
    this.db.prepare('DELETE FROM async_events WHERE id = ?').run(id);
  }

  /** Back to the queue, due at `at`; `attempted` counts the run as one of the function's attempts. */
  reschedule(id: string, at: number, attempted: boolean): void {
    this.db
      .prepare('UPDATE async_events SET claimed_by = NULL, next_attempt_at = ?, attempts = attempts + ? WHERE id = ?')
      .run(at, attempted ? 1 : 0, id);
  }

  /** Releases this owner's claims (a server stopping with events it did not run). */
  release(owner: string): void {
    this.db.prepare('UPDATE async_events SET claimed_by = NULL WHERE claimed_by = ?').run(owner);
  }

  /** When the next unclaimed event is due, if any. */
  nextDue(): number | undefined {
    const at = this.db.prepare('SELECT MIN(next_attempt_at) FROM async_events WHERE claimed_by IS NULL').pluck().get() as number | null;
    return at ?? undefined;
  }

  count(): number {
    return this.db.prepare('SELECT COUNT(*) FROM async_events').pluck().get() as number;
  }
}
